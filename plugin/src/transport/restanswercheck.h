#pragma once

#include "jsonpointer.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace ActionNode::Internal {

/*!
    What a successful answer of a declared REST action must hold for the
    runtime to map it, and the check of one answer against it: the body is
    JSON (UTF-8), every required output is there, and every value mapped to
    an output has the type its output schema declares (and at least its
    \c minLength, for a text). Nothing else is checked: fields the provider
    adds, or that no output reads, are passed over, since providers add
    fields without notice. A workflow is never told "nothing" when the
    provider said nothing readable.
*/
class RestAnswerCheck
{
public:
    //! One output read from the answer, with what its schema declares.
    struct Output
    {
        QString key;
        JsonPointer pointer;
        QStringList types; //!< JSON Schema "type" names; empty for any
        qsizetype minLength = 0;
        bool required = false;
        bool sensitive = false; //!< its value never goes into a message
    };

    RestAnswerCheck() = default;
    /*!
        The check of the outputs \a mapped (key, pointer) by the declaration
        whose outputs schema is \a outputSchema. \a alwaysRequired names
        outputs required besides the schema's own (a list's items).
    */
    RestAnswerCheck(const QList<QPair<QString, JsonPointer>> &mapped, const QJsonObject &outputSchema,
                    const QStringList &alwaysRequired);

    /*!
        The outputs read from \a body, or nothing with \a problem saying what
        is wrong ("without /token", "with /token a number where a string is
        declared", "with a body that is not JSON: ..."), to follow
        "<provider> answered HTTP 200 ". \a noContent (a 204) allows an empty
        body, as long as no output is required.
    */
    std::optional<QJsonObject> read(const QByteArray &body, bool noContent, QString *problem) const;

private:
    QString mismatch(const Output &output, const QJsonValue &value) const;

    QList<Output> m_outputs;
};

} // namespace ActionNode::Internal
