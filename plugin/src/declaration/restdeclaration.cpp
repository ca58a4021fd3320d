#include "restdeclaration.h"

#include "annotations.h"

#include <QJsonArray>

namespace ActionNode::Internal {


namespace {

bool readPointer(const QJsonValue &value, const QString &where, JsonPointer *pointer, QString *errorPointer,
                 QString *error)
{
    bool ok = false;
    *pointer = JsonPointer::parse(value.toString(), &ok);
    if (!ok) {
        *errorPointer = where;
        *error =
            QStringLiteral("\"%1\" is not a JSON pointer (it must be empty or start with '/')").arg(value.toString());
    }
    return ok;
}

} // namespace

std::shared_ptr<const RestDeclaration> RestDeclaration::read(const QJsonObject &rest,
                                                             const QJsonObject &inputProperties,
                                                             const QJsonObject &outputSchema, QString *pointer,
                                                             QString *error)
{
    const QString base = QStringLiteral("/transport/rest");
    auto declaration = std::make_shared<RestDeclaration>();
    RestDeclaration &d = *declaration;
    d.method = rest.value(QLatin1String("method")).toString().toLatin1();
    d.sendsBody = d.method == "POST" || d.method == "PUT" || d.method == "PATCH";
    d.rateLimit = rest.value(QLatin1String("rateLimit")).toString(QStringLiteral("default"));
    if (!readPointer(rest.value(QLatin1String("bodyRoot")), base + QStringLiteral("/bodyRoot"), &d.bodyRoot, pointer,
                     error))
        return nullptr;

    // The path template: literal text and {input} parameters.
    d.pathTemplate = rest.value(QLatin1String("path")).toString();
    QStringList pathParameters;
    qsizetype position = 0;
    while (position < d.pathTemplate.size()) {
        const qsizetype open = d.pathTemplate.indexOf(QLatin1Char('{'), position);
        if (open < 0)
            break;
        const qsizetype close = d.pathTemplate.indexOf(QLatin1Char('}'), open);
        const QString key = close < 0 ? QString() : d.pathTemplate.mid(open + 1, close - open - 1);
        if (!inputProperties.contains(key)) {
            *pointer = base + QStringLiteral("/path");
            *error = close < 0 ? QStringLiteral("a '{' is not closed")
                               : QStringLiteral("path parameter {%1} is not a property of /inputs").arg(key);
            return nullptr;
        }
        if (open > position)
            d.path.append({false, d.pathTemplate.mid(position, open - position)});
        d.path.append({true, key});
        pathParameters.append(key);
        position = close + 1;
    }
    if (position < d.pathTemplate.size())
        d.path.append({false, d.pathTemplate.mid(position)});

    // Where each input goes: x-rest, else the path, the body or the query by method.
    for (auto it = inputProperties.begin(); it != inputProperties.end(); ++it) {
        const QJsonValue annotation = it.value().toObject().value(Annotation::rest);
        Binding binding{it.key(), Placement::None, it.key(), {}};
        if (pathParameters.contains(it.key()))
            binding.placement = Placement::Path;
        else
            binding.placement = d.sendsBody ? Placement::Body : Placement::Query;
        if (annotation.isString()) {
            binding.name = annotation.toString();
        } else if (annotation.isObject()) {
            const QJsonObject object = annotation.toObject();
            const QString where = QStringLiteral("/inputs/properties/%1/x-rest").arg(it.key());
            const QString in = object.value(QLatin1String("in")).toString();
            if (in == QLatin1String("path"))
                binding.placement = Placement::Path;
            else if (in == QLatin1String("query"))
                binding.placement = Placement::Query;
            else if (in == QLatin1String("body"))
                binding.placement = Placement::Body;
            else if (in == QLatin1String("none"))
                binding.placement = Placement::None;
            binding.name = object.value(QLatin1String("name")).toString(it.key());
            if (binding.placement == Placement::Path && !pathParameters.contains(it.key())) {
                *pointer = where;
                *error = QStringLiteral("\"%1\" is placed in the path, but the path %2 has no {%1}")
                             .arg(it.key(), d.pathTemplate);
                return nullptr;
            }
            if (binding.placement == Placement::Body && !d.sendsBody) {
                *pointer = where;
                *error = QStringLiteral("a %1 request has no body").arg(QString::fromLatin1(d.method));
                return nullptr;
            }
            if (object.contains(QLatin1String("pointer"))) {
                if (binding.placement != Placement::Body) {
                    *pointer = where + QStringLiteral("/pointer");
                    *error = QStringLiteral("only a body field has a pointer");
                    return nullptr;
                }
                if (!readPointer(object.value(QLatin1String("pointer")), where + QStringLiteral("/pointer"),
                                 &binding.pointer, pointer, error))
                    return nullptr;
                if (binding.pointer.isRoot()) {
                    *pointer = where + QStringLiteral("/pointer");
                    *error = QStringLiteral("a body field's pointer cannot be the whole body");
                    return nullptr;
                }
            }
        }
        if (binding.placement == Placement::Body && binding.pointer.isRoot()) {
            bool ok = false;
            binding.pointer = JsonPointer::parse(d.bodyRoot.toString() + QLatin1Char('/')
                                                     + QString(binding.name)
                                                           .replace(QLatin1Char('~'), QLatin1String("~0"))
                                                           .replace(QLatin1Char('/'), QLatin1String("~1")),
                                                 &ok);
        }
        d.bindings.insert(it.key(), binding);
    }

    const QJsonObject outputProperties = outputSchema.value(QLatin1String("properties")).toObject();
    const QJsonObject outputs = rest.value(QLatin1String("outputs")).toObject();
    for (auto it = outputs.begin(); it != outputs.end(); ++it) {
        const QString where = base + QStringLiteral("/outputs/") + it.key();
        if (!outputProperties.contains(it.key())) {
            *pointer = where;
            *error = QStringLiteral("\"%1\" is not a property of /outputs").arg(it.key());
            return nullptr;
        }
        JsonPointer outputPointer;
        if (!readPointer(it.value(), where, &outputPointer, pointer, error))
            return nullptr;
        d.outputs.append({it.key(), outputPointer});
    }

    const QJsonObject pagination = rest.value(QLatin1String("pagination")).toObject();
    if (!pagination.isEmpty()) {
        const QString where = base + QStringLiteral("/pagination");
        Pagination &p = d.pagination;
        if (!readPointer(pagination.value(QLatin1String("items")), where + QStringLiteral("/items"), &p.items, pointer,
                         error)
            || !readPointer(pagination.value(QLatin1String("total")), where + QStringLiteral("/total"), &p.total,
                            pointer, error))
            return nullptr;
        const QJsonObject limit = pagination.value(QLatin1String("limit")).toObject();
        const QJsonObject cursor = pagination.value(QLatin1String("cursor")).toObject();
        p.limitParam = limit.value(QLatin1String("param")).toString();
        p.maxLimit = limit.value(QLatin1String("max")).toInt();
        p.cursorParam = cursor.value(QLatin1String("param")).toString();
        if (!readPointer(cursor.value(QLatin1String("from")), where + QStringLiteral("/cursor/from"), &p.cursorFrom,
                         pointer, error)
            || !readPointer(pagination.value(QLatin1String("next")), where + QStringLiteral("/next"), &p.next, pointer,
                            error))
            return nullptr;
        for (const auto &[key, outputPointer] : std::as_const(d.outputs)) {
            if (outputPointer.toString() == p.items.toString())
                p.itemsOutput = key;
            if (!p.next.isRoot() && outputPointer.toString() == p.next.toString())
                p.nextOutput = key;
        }
        if (!p.next.isRoot() && p.nextOutput.isEmpty()) {
            *pointer = where + QStringLiteral("/next");
            *error = QStringLiteral("no output of /transport/rest/outputs reads the next page's URL (%1)")
                         .arg(p.next.toString());
            return nullptr;
        }
        if (p.itemsOutput.isEmpty()) {
            *pointer = where + QStringLiteral("/items");
            *error =
                QStringLiteral("no output of /transport/rest/outputs reads the items (%1)").arg(p.items.toString());
            return nullptr;
        }
        d.paginated = true;
    }
    d.answerCheck = RestAnswerCheck(d.outputs, outputSchema,
                                    d.paginated ? QStringList{d.pagination.itemsOutput} : QStringList());

    const QJsonArray errors = rest.value(QLatin1String("errors")).toArray();
    for (qsizetype e = 0; e < errors.size(); ++e) {
        const QJsonObject rule = errors.at(e).toObject();
        const QString field = rule.value(QLatin1String("field")).toString();
        if (!field.isEmpty() && !inputProperties.contains(field)) {
            *pointer = base + QStringLiteral("/errors/%1/field").arg(e);
            *error = QStringLiteral("\"%1\" is not a property of /inputs").arg(field);
            return nullptr;
        }
        const QString codeName = rule.value(QLatin1String("code")).toString();
        const std::optional<ErrorCode> code = ErrorCodes::fromName(codeName);
        if (!code || !ErrorCodes::status(*code)) {
            *pointer = base + QStringLiteral("/errors/%1/code").arg(e);
            *error = QStringLiteral("\"%1\" is not an error code of a result (see actionnode/errorcodes.h)")
                         .arg(codeName.left(64));
            return nullptr;
        }
        d.errors.append(
            {rule.value(QLatin1String("status")).toInt(), rule.value(QLatin1String("providerError")).toString(), *code,
             rule.value(QLatin1String("message")).toString(), rule.value(QLatin1String("fieldFromInfo")).toBool(),
             field.isEmpty() ? QString() : QLatin1Char('/') + field});
    }
    pointer->clear();
    return declaration;
}

} // namespace ActionNode::Internal
