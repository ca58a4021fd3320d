#include "providererrorlist.h"

#include <actionnode/errorcodes.h>

#include "restdeclaration.h"
#include "restprovider.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace ActionNode::Internal {

ProviderErrorList ProviderErrorList::fromErrorBody(const QJsonObject &errorBody)
{
    ProviderErrorList list;
    const QJsonObject declared = errorBody.value(QLatin1String("list")).toObject();
    if (declared.isEmpty())
        return list;
    bool ok = false;
    list.m_declared = true;
    list.m_items = JsonPointer::parse(declared.value(QLatin1String("items")).toString(), &ok);
    list.m_type = JsonPointer::parse(declared.value(QLatin1String("type")).toString(), &ok);
    list.m_message = JsonPointer::parse(declared.value(QLatin1String("message")).toString(), &ok);
    list.m_property = JsonPointer::parse(declared.value(QLatin1String("property")).toString(), &ok);
    return list;
}

QList<ProviderErrorList::Entry> ProviderErrorList::entries(const QByteArray &body) const
{
    QList<Entry> entries;
    if (!m_declared)
        return entries;
    // A pointer left out (the root) reads nothing from an entry, not the entry itself.
    const auto text = [](const JsonPointer &pointer, const QJsonValue &entry) {
        return pointer.isRoot() ? QString() : RestProvider::bounded(pointer.resolve(entry).toString());
    };
    const QJsonArray listed = m_items.resolve(QJsonDocument::fromJson(body).object()).toArray();
    for (const QJsonValue &entry : listed) {
        if (entries.size() == maxEntries)
            break;
        entries.append({text(m_type, entry), text(m_message, entry), text(m_property, entry)});
    }
    return entries;
}

ActionErrors ProviderErrorList::errors(const QList<Entry> &entries, const RestDeclaration &declaration,
                                       const RestProvider &provider, const RestCall::Reply &reply)
{
    const QString rule = ErrorRule::httpStatus(reply.status);
    ActionErrors errors;
    for (const Entry &entry : entries) {
        QString field;
        for (const RestDeclaration::Binding &binding : declaration.bindings) {
            if (!entry.property.isEmpty() && binding.name == entry.property)
                field = QLatin1Char('/') + binding.key;
        }
        QString message = provider.answered(reply, {entry.type, entry.message});
        if (field.isEmpty() && !entry.property.isEmpty())
            message += QStringLiteral(" (about \"%1\")").arg(entry.property);
        errors.append({ErrorCodes::name(ErrorCode::ProviderError), field, rule, message});
    }
    return errors;
}

} // namespace ActionNode::Internal
