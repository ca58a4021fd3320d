#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

namespace ActionNode::Internal {

/*!
    An RFC 6901 JSON pointer, split into its reference tokens once so that
    following it on every reply costs no parsing. Used by the REST transport
    to read outputs from replies and to place inputs in request bodies.
*/
class JsonPointer
{
public:
    JsonPointer() = default;
    //! Parses \a text ("" is the whole document); false in \a ok when it does not start with '/'.
    static JsonPointer parse(const QString &text, bool *ok);
    //! \a token as one reference token of a JSON pointer (RFC 6901: \c ~ and \c / escaped).
    static QString escapeToken(QString token);

    bool isRoot() const { return m_tokens.isEmpty(); }
    QString toString() const { return m_text; }
    //! The reference tokens, unescaped.
    QStringList tokens() const { return m_tokens; }

    //! The value at this pointer in \a document; undefined when there is none.
    QJsonValue resolve(const QJsonValue &document) const;
    //! Sets the value at this pointer in \a object, creating the objects on the way.
    void insert(QJsonObject *object, const QJsonValue &value) const;

private:
    QString m_text;
    QStringList m_tokens;
};

} // namespace ActionNode::Internal
