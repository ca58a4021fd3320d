#include "jsonpointer.h"

#include <QJsonArray>

namespace ActionNode::Internal {

QString JsonPointer::escapeToken(QString token)
{
    return token.replace(QLatin1Char('~'), QLatin1String("~0")).replace(QLatin1Char('/'), QLatin1String("~1"));
}

JsonPointer JsonPointer::parse(const QString &text, bool *ok)
{
    JsonPointer pointer;
    pointer.m_text = text;
    *ok = text.isEmpty() || text.startsWith(QLatin1Char('/'));
    if (!*ok || text.isEmpty())
        return pointer;
    const QStringList tokens = text.mid(1).split(QLatin1Char('/'));
    for (QString token : tokens) {
        // ~1 before ~0, as RFC 6901 orders it, so that "~01" stays "~1".
        token.replace(QLatin1String("~1"), QLatin1String("/"));
        token.replace(QLatin1String("~0"), QLatin1String("~"));
        pointer.m_tokens.append(token);
    }
    return pointer;
}

QJsonValue JsonPointer::resolve(const QJsonValue &document) const
{
    QJsonValue current = document;
    for (const QString &token : m_tokens) {
        if (current.isObject()) {
            const QJsonObject object = current.toObject();
            const auto it = object.constFind(token);
            if (it == object.constEnd())
                return QJsonValue(QJsonValue::Undefined);
            current = *it;
        } else if (current.isArray()) {
            bool isIndex = false;
            const qsizetype index = token.toLongLong(&isIndex);
            const QJsonArray array = current.toArray();
            if (!isIndex || index < 0 || index >= array.size())
                return QJsonValue(QJsonValue::Undefined);
            current = array.at(index);
        } else {
            return QJsonValue(QJsonValue::Undefined);
        }
    }
    return current;
}

namespace {

void insertAt(QJsonObject *object, const QStringList &tokens, qsizetype at, const QJsonValue &value)
{
    const QString &token = tokens.at(at);
    if (at + 1 == tokens.size()) {
        object->insert(token, value);
        return;
    }
    QJsonObject child = object->value(token).toObject();
    insertAt(&child, tokens, at + 1, value);
    object->insert(token, child);
}

} // namespace

void JsonPointer::insert(QJsonObject *object, const QJsonValue &value) const
{
    if (m_tokens.isEmpty()) {
        if (value.isObject())
            *object = value.toObject();
        return;
    }
    insertAt(object, m_tokens, 0, value);
}

} // namespace ActionNode::Internal
