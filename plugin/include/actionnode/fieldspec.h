#pragma once

#include <actionnode/actionerror.h>
#include <actionnode/actionnode_global.h>

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QSharedDataPointer>
#include <QString>
#include <QStringList>

#include <utility>

namespace ActionNode {

class FieldSpecData;

/*!
    One input field of an action, read from the declaration's \c inputs
    JSON Schema and its layout.

    The builder type is what a drag-and-drop builder shows (Text, Boolean,
    Number, Enum, Date/Time, List, Object); it is derived from the JSON
    Schema type unless the declaration sets \c x-builderType.

    Bindings tell a provider how the field reaches the API: restName() is the
    property name in a REST body, claimName() the claim in a self-signed
    token. Both come from the declaration, so adding a field that maps 1:1 to
    the API needs no code.
*/
class ACTIONNODE_EXPORT FieldSpec
{
public:
    FieldSpec();
    FieldSpec(const QString &key, const QJsonObject &schema, bool required, const QString &groupId,
              const QString &bundleId);
    FieldSpec(const FieldSpec &other);
    FieldSpec &operator=(const FieldSpec &other);
    ~FieldSpec();

    QString key() const;
    QString label() const;
    QString description() const;
    QString builderType() const;
    QJsonValue defaultValue() const;
    bool isRequired() const;
    //! Allowed values: the schema's \c enum, or its items' for a list (empty when free).
    QJsonArray options() const;
    //! Constraint keywords of the schema (maxLength, pattern, minimum, ..., x-maxSerializedLength).
    QJsonObject constraints() const;
    QString groupId() const;
    //! The bundle that must be licensed to set this field, or empty.
    QString bundleId() const;
    QString restName() const;
    QString claimName() const;
    //! The field's JSON Schema, as declared.
    QJsonObject schema() const;
    //! The declared \c visibleWhen condition of this field alone (its group may add one), or empty.
    QJsonObject visibleWhen() const;
    //! \c optionsFrom: the sibling action whose list output gives this field's options, or empty.
    QJsonObject optionsFrom() const;
    //! For outputs: the first of \c examples, the value a builder maps from (undefined when none).
    QJsonValue sample() const;
    //! For outputs: a credential (\c sensitive), delivered to the host but never logged or shown.
    bool isSensitive() const;
    /*!
        For a list output of objects: the item properties marked \c sensitive
        in \c{items.properties} (each webhook's \c hmac in Daily's listing).
        Like a sensitive output, they reach the host intact and are masked
        wherever people see them (masked()).
    */
    QStringList sensitiveItemFields() const;
    /*!
        For outputs: \a value as people may see it (a log line, a reference
        page, a run's history): maskText() in place of the whole value when
        isSensitive(), else in place of each sensitiveItemFields() member of
        its items; anything else unchanged.
    */
    QJsonValue masked(const QJsonValue &value) const;
    //! What masked() shows in place of a credential.
    static QString maskText();

    /*!
        \a text (a command line or query argument) as this field's typed
        value, by the one set of rules every host follows:
        \list
        \li \c boolean: \c true or \c false and nothing else, so that a
            typo is never read as either;
        \li \c integer and \c number: a finite decimal number (\c 1e3
            too); whether an integer is whole is left to validation;
        \li \c array: comma-separated texts, empty ones skipped;
        \li \c object: a JSON object (strict RFC 8259 text);
        \li no \c type (an \c anyOf of several): a JSON object or array
            as written, \c true or \c false, else a comma-separated list;
        \li anything else: the text as it is.
        \endlist
        When the text does not fit, the value is undefined and \a problem
        says why without the field's name, which the caller's error carries
        (\c{must be true or false, not "yes"}).
    */
    QJsonValue valueFromText(const QString &text, QString *problem) const;
    /*!
        The object that \a texts (key and text pairs, in order) set: each
        text typed by the field of \a fields with its key (valueFromText()),
        a key no field has kept as text so that validation names it. Each
        text that does not fit its field is left out and appended to \a
        errors as \c invalid_input with the field's pointer and rule \c type.
    */
    static QJsonObject valuesFromText(const QList<FieldSpec> &fields, const QList<std::pair<QString, QString>> &texts,
                                      ActionErrors *errors);

private:
    QSharedDataPointer<FieldSpecData> d;
};

} // namespace ActionNode
