#include "schemareferencecheck.h"

#include "jsonpointer.h"

#include <QHash>
#include <QJsonArray>
#include <QUrl>

#include <optional>
#include <vector>

namespace ActionNode::Internal {

namespace {

// A step from a subschema to another applied to the same value.
struct Step
{
    QString at;     //!< where the keyword or $ref is written
    QString target; //!< the subschema it applies
};

QString child(const QString &pointer, const QString &token)
{
    return pointer + QLatin1Char('/') + JsonPointer::escapeToken(token);
}

QString shown(const QString &pointer)
{
    return pointer.isEmpty() ? QStringLiteral("/") : pointer;
}

QList<Step> sameValueSteps(const QJsonObject &document, const QString &pointer)
{
    bool ok = false;
    const QJsonObject schema = JsonPointer::parse(pointer, &ok).resolve(document).toObject();
    QList<Step> steps;
    const QJsonValue reference = schema.value(QLatin1String("$ref"));
    if (reference.isString()) {
        // Draft-07: the keywords beside a $ref are not applied.
        if (const auto target = SchemaReferenceCheck::pointerOf(reference.toString()))
            steps.append({child(pointer, QStringLiteral("$ref")), *target});
        return steps;
    }
    for (const char *keyword : {"allOf", "anyOf", "oneOf"}) {
        const QJsonArray branches = schema.value(QLatin1String(keyword)).toArray();
        for (qsizetype i = 0; i < branches.size(); ++i) {
            const QString at = child(child(pointer, QLatin1String(keyword)), QString::number(i));
            steps.append({at, at});
        }
    }
    for (const char *keyword : {"not", "if", "then", "else"}) {
        if (schema.value(QLatin1String(keyword)).isObject())
            steps.append({child(pointer, QLatin1String(keyword)), child(pointer, QLatin1String(keyword))});
    }
    const QJsonObject dependencies = schema.value(QLatin1String("dependencies")).toObject();
    for (auto it = dependencies.begin(); it != dependencies.end(); ++it) {
        if (it.value().isObject()) {
            const QString at = child(child(pointer, QStringLiteral("dependencies")), it.key());
            steps.append({at, at});
        }
    }
    return steps;
}

// Every subschema written in the document, whatever applies it.
void collectSubschemas(const QJsonValue &value, const QString &pointer, QStringList *pointers)
{
    if (!value.isObject())
        return;
    pointers->append(pointer);
    const QJsonObject schema = value.toObject();
    if (schema.contains(QLatin1String("$ref")))
        return; // draft-07: nothing beside a $ref is read
    for (const char *keyword :
         {"additionalProperties", "items", "additionalItems", "contains", "propertyNames", "not", "if", "then", "else"})
        collectSubschemas(schema.value(QLatin1String(keyword)), child(pointer, QLatin1String(keyword)), pointers);
    for (const char *keyword : {"items", "allOf", "anyOf", "oneOf"}) {
        const QJsonArray children = schema.value(QLatin1String(keyword)).toArray();
        for (qsizetype i = 0; i < children.size(); ++i)
            collectSubschemas(children.at(i), child(child(pointer, QLatin1String(keyword)), QString::number(i)),
                              pointers);
    }
    for (const char *keyword : {"properties", "patternProperties", "definitions", "dependencies"}) {
        const QJsonObject children = schema.value(QLatin1String(keyword)).toObject();
        for (auto it = children.begin(); it != children.end(); ++it)
            collectSubschemas(it.value(), child(child(pointer, QLatin1String(keyword)), it.key()), pointers);
    }
}

} // namespace

std::optional<QString> SchemaReferenceCheck::pointerOf(const QString &reference)
{
    if (!reference.startsWith(QLatin1Char('#')))
        return std::nullopt;
    QString text = QUrl::fromPercentEncoding(reference.mid(1).toUtf8());
    // valijson drops trailing slashes too.
    while (text.endsWith(QLatin1Char('/')))
        text.chop(1);
    bool ok = false;
    const JsonPointer pointer = JsonPointer::parse(text, &ok);
    if (!ok)
        return std::nullopt;
    QString canonical;
    for (const QString &token : pointer.tokens())
        canonical = child(canonical, token);
    return canonical;
}

QString SchemaReferenceCheck::problem(const QJsonObject &schema)
{
    QStringList starts;
    collectSubschemas(schema, QString(), &starts);
    for (const QString &start : std::as_const(starts)) {
        bool ok = false;
        const QJsonValue reference =
            JsonPointer::parse(start, &ok).resolve(schema).toObject().value(QLatin1String("$ref"));
        if (reference.isString() && !pointerOf(reference.toString()))
            return QStringLiteral("%1: \"%2\" is not a JSON pointer within the schema (\"#/...\"): a schema is never "
                                  "fetched, and $id is not read")
                .arg(child(start, QStringLiteral("$ref")), reference.toString());
        if (!reference.isUndefined() && !reference.isString())
            return QStringLiteral("%1: must be a string").arg(child(start, QStringLiteral("$ref")));
    }

    // Depth-first, without recursion (a chain may be long), over the steps
    // that stay on one value. A subschema met again while still on the path
    // closes a cycle; a finished one is known to end, after chainLength steps.
    enum class State { OnPath, Finished };
    QHash<QString, State> states;
    QHash<QString, int> chainLength;
    struct Frame
    {
        QString pointer;
        QList<Step> steps;
        qsizetype next = 0;
    };
    for (const QString &start : std::as_const(starts)) {
        if (states.contains(start))
            continue;
        std::vector<Frame> path{{start, sameValueSteps(schema, start)}};
        states.insert(start, State::OnPath);
        while (!path.empty()) {
            Frame &frame = path.back();
            if (frame.next == frame.steps.size()) {
                int longest = 0;
                for (const Step &step : std::as_const(frame.steps))
                    longest = qMax(longest, chainLength.value(step.target) + 1);
                if (longest > maxChainLength)
                    return QStringLiteral("%1: more than %2 references and subschemas apply to one value, one after "
                                          "another")
                        .arg(shown(frame.pointer))
                        .arg(maxChainLength);
                chainLength.insert(frame.pointer, longest);
                states.insert(frame.pointer, State::Finished);
                path.pop_back();
                continue;
            }
            const Step step = frame.steps.at(frame.next++);
            const auto state = states.constFind(step.target);
            if (state == states.constEnd()) {
                states.insert(step.target, State::OnPath);
                path.push_back({step.target, sameValueSteps(schema, step.target)});
            } else if (*state == State::OnPath) {
                return QStringLiteral("%1 leads back to %2, which applies to the same value: a reference cycle")
                    .arg(step.at, shown(step.target));
            }
        }
    }
    return {};
}

} // namespace ActionNode::Internal
