#include "visibilitycondition.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QStringList>

namespace ActionNode::Internal {

namespace {

QString valueText(const QJsonValue &value, const VisibilityCondition::Phrases &phrases)
{
    if (value.isBool())
        return value.toBool() ? phrases.yes : phrases.no;
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
        return problemIn(condition.value(QLatin1String("not")).toObject(), pointer + QStringLiteral("/not"), fields,
                         owner);
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
    const VisibilityCondition::Phrases &phrases = fields.phrases;
    for (const char *combinator : {"all", "any"}) {
        if (!condition.contains(QLatin1String(combinator)))
            continue;
        const QString &join = qstrcmp(combinator, "all") == 0 ? phrases.both : phrases.either;
        const QJsonArray parts = condition.value(QLatin1String(combinator)).toArray();
        QString joined = textOf(parts.at(0).toObject(), fields);
        for (qsizetype i = 1; i < parts.size(); ++i)
            joined = join.arg(joined, textOf(parts.at(i).toObject(), fields));
        if (parts.size() > 1)
            joined = QLatin1Char('(') + joined + QLatin1Char(')');
        return negated ? phrases.negation.arg(joined) : joined;
    }
    if (condition.contains(QLatin1String("not")))
        return textOf(condition.value(QLatin1String("not")).toObject(), fields, !negated);
    const QString key = condition.value(QLatin1String("field")).toString();
    const QString label = fields.labels.value(key, key);
    if (condition.contains(QLatin1String("isSet")))
        return (condition.value(QLatin1String("isSet")).toBool() != negated ? phrases.isSet : phrases.isNotSet)
            .arg(label);
    if (condition.contains(QLatin1String("equals")))
        return (negated ? phrases.isNot : phrases.is)
            .arg(label, valueText(condition.value(QLatin1String("equals")), phrases));
    QStringList options;
    for (const QJsonValue &option : condition.value(QLatin1String("oneOf")).toArray())
        options.append(valueText(option, phrases));
    if (options.size() == 1)
        return (negated ? phrases.isNot : phrases.is).arg(label, options.constFirst());
    return (negated ? phrases.notOneOf : phrases.oneOf).arg(label, options.join(QStringLiteral(", ")));
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

VisibilityCondition::Phrases VisibilityCondition::Phrases::fromJson(const QJsonObject &json, QString *problem)
{
    Phrases phrases;
    const struct
    {
        const char *key;
        QString Phrases::*phrase;
        int placeholders;
    } known[] = {
        {"yes", &Phrases::yes, 0},
        {"no", &Phrases::no, 0},
        {"is", &Phrases::is, 2},
        {"isNot", &Phrases::isNot, 2},
        {"oneOf", &Phrases::oneOf, 2},
        {"notOneOf", &Phrases::notOneOf, 2},
        {"isSet", &Phrases::isSet, 1},
        {"isNotSet", &Phrases::isNotSet, 1},
        {"and", &Phrases::both, 2},
        {"or", &Phrases::either, 2},
        {"not", &Phrases::negation, 1},
        {"shownWhen", &Phrases::shownWhen, 1},
        {"appliesOnlyWhen", &Phrases::appliesOnlyWhen, 2},
        {"requiredWhen", &Phrases::requiredWhen, 1},
        {"ignoredBecause", &Phrases::ignoredBecause, 2},
    };
    for (const auto &[key, phrase, placeholders] : known) {
        if (!json.contains(QLatin1String(key)))
            continue;
        const QString text = json.value(QLatin1String(key)).toString();
        for (int n = 1; n <= placeholders; ++n) {
            if (!text.contains(QLatin1Char('%') + QString::number(n))) {
                // Concatenated: the phrase's own %1 and %2 must not be taken for arguments.
                *problem = QLatin1String(key) + QStringLiteral(": must contain %") + QString::number(n)
                           + QStringLiteral(", as \"") + phrases.*phrase + QStringLiteral("\" does");
                return {};
            }
        }
        phrases.*phrase = text;
    }
    return phrases;
}

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

} // namespace ActionNode::Internal
