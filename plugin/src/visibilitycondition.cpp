#include "visibilitycondition.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QStringList>

namespace ActionNode {

namespace {

QString valueText(const QJsonValue &value)
{
    if (value.isBool())
        return value.toBool() ? QStringLiteral("Yes") : QStringLiteral("No");
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', 17);
    if (value.isString())
        return value.toString();
    if (value.isNull() || value.isUndefined())
        return QStringLiteral("empty");
    return QString::fromUtf8(QJsonDocument::fromVariant(value.toVariant()).toJson(QJsonDocument::Compact));
}

QString problemIn(const QJsonObject &condition, const QString &pointer, const VisibilityCondition::Fields &fields,
                  const QString &owner)
{
    for (const char *combinator : {"all", "any"}) {
        const QJsonArray parts = condition.value(QLatin1String(combinator)).toArray();
        for (qsizetype i = 0; i < parts.size(); ++i) {
            const QString problem = problemIn(parts.at(i).toObject(),
                                              QStringLiteral("%1/%2/%3").arg(pointer, QLatin1String(combinator)).arg(i),
                                              fields, owner);
            if (!problem.isEmpty())
                return problem;
        }
    }
    if (condition.contains(QLatin1String("not")))
        return problemIn(condition.value(QLatin1String("not")).toObject(), pointer + QStringLiteral("/not"), fields, owner);
    const QString key = condition.value(QLatin1String("field")).toString();
    if (!condition.contains(QLatin1String("field")))
        return {};
    if (!fields.labels.contains(key))
        return QStringLiteral("%1/field: \"%2\" is not a property of /inputs").arg(pointer, key);
    if (key == owner)
        return QStringLiteral("%1/field: a field cannot depend on itself").arg(pointer);
    return {};
}

bool holdsIn(const QJsonObject &condition, const QJsonObject &inputs, const VisibilityCondition::Fields &fields)
{
    if (condition.contains(QLatin1String("all"))) {
        const QJsonArray parts = condition.value(QLatin1String("all")).toArray();
        return std::all_of(parts.begin(), parts.end(),
                           [&](const QJsonValue &part) { return holdsIn(part.toObject(), inputs, fields); });
    }
    if (condition.contains(QLatin1String("any"))) {
        const QJsonArray parts = condition.value(QLatin1String("any")).toArray();
        return std::any_of(parts.begin(), parts.end(),
                           [&](const QJsonValue &part) { return holdsIn(part.toObject(), inputs, fields); });
    }
    if (condition.contains(QLatin1String("not")))
        return !holdsIn(condition.value(QLatin1String("not")).toObject(), inputs, fields);
    const QString key = condition.value(QLatin1String("field")).toString();
    if (condition.contains(QLatin1String("isSet")))
        return inputs.contains(key) == condition.value(QLatin1String("isSet")).toBool();
    const QJsonValue value = inputs.contains(key) ? inputs.value(key) : fields.defaults.value(key);
    if (condition.contains(QLatin1String("equals")))
        return value == condition.value(QLatin1String("equals"));
    return condition.value(QLatin1String("oneOf")).toArray().contains(value);
}

// The condition in words; \a negated words a leaf as its opposite ("is not").
QString textOf(const QJsonObject &condition, const VisibilityCondition::Fields &fields, bool negated = false)
{
    for (const char *combinator : {"all", "any"}) {
        if (!condition.contains(QLatin1String(combinator)))
            continue;
        QStringList parts;
        for (const QJsonValue &part : condition.value(QLatin1String(combinator)).toArray())
            parts.append(textOf(part.toObject(), fields));
        const QString joined = parts.size() == 1
            ? parts.constFirst()
            : QLatin1Char('(') + parts.join(qstrcmp(combinator, "all") == 0 ? QStringLiteral(" and ") : QStringLiteral(" or "))
                + QLatin1Char(')');
        return negated ? QStringLiteral("not ") + joined : joined;
    }
    if (condition.contains(QLatin1String("not")))
        return textOf(condition.value(QLatin1String("not")).toObject(), fields, !negated);
    const QString key = condition.value(QLatin1String("field")).toString();
    const QString label = fields.labels.value(key, key);
    const QString is = negated ? QStringLiteral("is not") : QStringLiteral("is");
    if (condition.contains(QLatin1String("isSet")))
        return QStringLiteral("%1 %2 set").arg(label, condition.value(QLatin1String("isSet")).toBool() != negated
                                                          ? QStringLiteral("is") : QStringLiteral("is not"));
    if (condition.contains(QLatin1String("equals")))
        return QStringLiteral("%1 %2 %3").arg(label, is, valueText(condition.value(QLatin1String("equals"))));
    QStringList options;
    for (const QJsonValue &option : condition.value(QLatin1String("oneOf")).toArray())
        options.append(valueText(option));
    if (options.size() == 1)
        return QStringLiteral("%1 %2 %3").arg(label, is, options.constFirst());
    return QStringLiteral("%1 %2 one of %3").arg(label, is, options.join(QStringLiteral(", ")));
}

void collectFields(const QJsonObject &condition, QSet<QString> *keys)
{
    if (condition.contains(QLatin1String("field")))
        keys->insert(condition.value(QLatin1String("field")).toString());
    for (const char *combinator : {"all", "any"}) {
        for (const QJsonValue &part : condition.value(QLatin1String(combinator)).toArray())
            collectFields(part.toObject(), keys);
    }
    if (condition.contains(QLatin1String("not")))
        collectFields(condition.value(QLatin1String("not")).toObject(), keys);
}

} // namespace

QSet<QString> VisibilityCondition::fieldKeys() const
{
    QSet<QString> keys;
    collectFields(m_declared, &keys);
    return keys;
}

VisibilityCondition::VisibilityCondition(const QJsonObject &declared) : m_declared(declared) {}

QString VisibilityCondition::problem(const QString &pointer, const Fields &fields, const QString &owner) const
{
    return problemIn(m_declared, pointer, fields, owner);
}

bool VisibilityCondition::holds(const QJsonObject &inputs, const Fields &fields) const
{
    return isNull() || holdsIn(m_declared, inputs, fields);
}

QString VisibilityCondition::text(const Fields &fields) const
{
    const QString words = textOf(m_declared, fields);
    // The outer parentheses of a top-level all/any say nothing.
    const bool combined = m_declared.contains(QLatin1String("all")) || m_declared.contains(QLatin1String("any"));
    return combined && words.startsWith(QLatin1Char('(')) ? words.mid(1, words.size() - 2) : words;
}

VisibilityCondition VisibilityCondition::both(const VisibilityCondition &first, const VisibilityCondition &second)
{
    if (first.isNull())
        return second;
    if (second.isNull())
        return first;
    return VisibilityCondition({{QStringLiteral("all"), QJsonArray{first.m_declared, second.m_declared}}});
}

} // namespace ActionNode
