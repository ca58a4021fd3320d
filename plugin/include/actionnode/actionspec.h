#pragma once

#include <actionnode/actionerror.h>
#include <actionnode/actionnode_global.h>
#include <actionnode/bundlespec.h>
#include <actionnode/fieldgroup.h>
#include <actionnode/fieldspec.h>
#include <actionnode/license.h>
#include <actionnode/migratedinputs.h>

#include <QJsonObject>
#include <QList>
#include <QSharedDataPointer>
#include <QString>

namespace ActionNode {

class ActionSpecData;

/*!
    An action as declared in its JSON declaration file (see
    \c schemas/action.schema.json for the format).

    A declaration has three separate parts: \c inputs (a JSON Schema of the
    data), \c layout (ordered field groups, optionally gated by a bundle) and
    \c outputs (a JSON Schema of the returned values), plus cross-field
    \c rules, \c warnings for risky but valid inputs, and \c transport:
    the provider's REST call as data (\c transport.rest), outputs built
    from other values (\c transport.outputTemplates), and parameters a
    provider plugin reads (\c selfSigned).

    fromDeclaration() never throws: a declaration that breaks the
    meta-schema or refers to unknown fields gives a spec whose hasError() is
    true and whose errorString() names the file, the JSON pointer and the
    reason. Other getters are only meaningful when hasError() is false.
    Loading takes time linear in the declaration's size; a declaration of
    more than maxFields fields (inputs and outputs together) is refused
    before anything else is checked.
*/
class ACTIONNODE_EXPORT ActionSpec
{
public:
    //! The most fields (input and output properties together) a declaration may have.
    static constexpr int maxFields = 10000;

    ActionSpec();
    ActionSpec(const ActionSpec &other);
    ActionSpec &operator=(const ActionSpec &other);
    ~ActionSpec();

    //! Reads a declaration; \a source (a file or resource path) is used in errors.
    static ActionSpec fromDeclaration(const QByteArray &json, const QString &source);
    static ActionSpec fromFile(const QString &fileName);

    bool hasError() const;
    QString errorString() const;
    QString source() const;

    QString id() const;
    QString provider() const;
    QString version() const;
    QString title() const;
    QString description() const;
    QString category() const;
    //! \c action (run on demand) or \c trigger.
    QString kind() const;
    /*!
        What running the action does, for agents and builders: \c readOnly,
        \c destructive, \c idempotent and \c openWorld, each declared or
        MCP's cautious default (false, true, false, true).
    */
    QJsonObject hints() const;
    //! The locale of the texts ("de"), or empty for the declaration's own English.
    QString locale() const;

    //! Groups in declaration order.
    QList<FieldGroup> groups() const;
    //! Every input field, in layout order.
    QList<FieldSpec> fields() const;
    //! The field with \a key, or a default-constructed spec.
    FieldSpec field(const QString &key) const;
    BundleSpec bundle(const QString &id) const;
    /*!
        The fields \a license locks: those of a group in a bundle the licence
        does not hold (License::locks()), in layout order. The one answer
        behind the runtime's refusal (\c bundle_required), the builders'
        \c locked and the fields an MCP tool leaves out.
    */
    QList<FieldSpec> lockedFields(const License &license) const;
    //! Returned values in declaration order (label, type and description as for inputs).
    QList<FieldSpec> outputs() const;

    /*!
        The inputs JSON Schema as inputs are validated: a required field
        with a \c visibleWhen condition is left out of \c required (it is
        required only while shown, which validate() checks).
    */
    QJsonObject inputSchema() const;
    QJsonObject outputSchema() const;
    //! Provider-specific invocation parameters (REST path, signing algorithm, ...).
    QJsonObject transport() const;
    //! The declaration as read.
    QJsonObject declaration() const;

    /*!
        Checks \a inputs against the inputs schema and the declared
        cross-field rules. Returns every problem, not only the first; an
        empty list means the inputs are valid.
    */
    ActionErrors validate(const QJsonObject &inputs) const;

    /*!
        The declared warnings that apply to \a inputs (for example "no
        expiry"), and \c hidden_value_ignored for each value of a hidden field
        that the provider ignores (\c{"x-whenHidden": "ignore"}), which is not sent.
    */
    ActionErrors warningsFor(const QJsonObject &inputs) const;

    //! A \c visibleWhen condition in words, with this action's labels ("Start Cloud Recording is Yes").
    QString visibleWhenText(const QJsonObject &condition) const;
    //! The same as a builder says it: "shown when Start Cloud Recording is Yes" (in the locale's words).
    QString shownWhenText(const QJsonObject &condition) const;

    /*!
        Upgrades \a inputs that a host saved when the declaration had
        version \a savedVersion, with the declared \c migrations. Inputs
        saved under version() come back unchanged; a version the
        declaration cannot migrate from gives an error naming both versions.
    */
    MigratedInputs migrateInputs(const QJsonObject &inputs, const QString &savedVersion) const;

    /*!
        This action with its texts in \a locale ("de", "pt-BR"): titles,
        help texts, group names, notices, bundle texts and declared messages
        are read from the file beside the declaration named
        \c <declaration>.<locale>.json (for "pt-BR", then \c .pt.json), each
        text that the file leaves out staying English. Without such a file
        the action comes back as it is; a broken one gives a spec whose
        errorString() names the file, the JSON pointer and the reason.
    */
    ActionSpec localized(const QString &locale) const;

private:
    friend class ActionSpecPrivate;
    QSharedDataPointer<ActionSpecData> d;
};

} // namespace ActionNode
