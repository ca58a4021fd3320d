#include <actionnode/actionresult.h>
#include <actionnode/actionspec.h>
#include <actionnode/store.h>

#include "actionspec_p.h"

#include <QDateTime>

#include <algorithm>

namespace ActionNode {

namespace {

// Values shorter than this are not looked for in messages: masking every
// "1" or "ok" a message holds would hide more than it protects.
constexpr qsizetype shortestScrubbedValue = 4;

// Every string of \a value, however deep.
void collectStrings(const QJsonValue &value, QStringList *strings)
{
    if (value.isString()) {
        strings->append(value.toString());
    } else if (value.isArray()) {
        for (const QJsonValue &item : value.toArray())
            collectStrings(item, strings);
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.constBegin(); it != object.constEnd(); ++it)
            collectStrings(it.value(), strings);
    }
}

// The strings of \a original that \a masked hides (where it holds the mask instead).
void collectHidden(const QJsonValue &original, const QJsonValue &masked, QStringList *strings)
{
    if (original == masked)
        return;
    if (original.isArray() && masked.isArray()) {
        const QJsonArray originals = original.toArray();
        const QJsonArray maskedItems = masked.toArray();
        for (qsizetype i = 0; i < originals.size() && i < maskedItems.size(); ++i)
            collectHidden(originals.at(i), maskedItems.at(i), strings);
    } else if (original.isObject() && masked.isObject()) {
        const QJsonObject originals = original.toObject();
        const QJsonObject maskedMembers = masked.toObject();
        for (auto it = originals.constBegin(); it != originals.constEnd(); ++it)
            collectHidden(it.value(), maskedMembers.value(it.key()), strings);
    } else {
        collectStrings(original, strings);
    }
}

// Whether a string of \a value, however deep, holds a member of \a secrets.
bool holdsSecret(const QJsonValue &value, const QStringList &secrets)
{
    if (value.isString()) {
        const QString text = value.toString();
        return std::any_of(secrets.begin(), secrets.end(),
                           [&text](const QString &secret) { return text.contains(secret); });
    }
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        return std::any_of(array.begin(), array.end(),
                           [&secrets](const QJsonValue &item) { return holdsSecret(item, secrets); });
    }
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        return std::any_of(object.begin(), object.end(),
                           [&secrets](const QJsonValue &member) { return holdsSecret(member, secrets); });
    }
    return false;
}

// \a value rebuilt with every occurrence of a \a secrets member in its strings masked.
QJsonValue withSecretsMasked(const QJsonValue &value, const QStringList &secrets)
{
    if (value.isString()) {
        QString text = value.toString();
        for (const QString &secret : secrets)
            text.replace(secret, FieldSpec::maskText());
        return text;
    }
    if (value.isArray()) {
        QJsonArray array;
        for (const QJsonValue &item : value.toArray())
            array.append(withSecretsMasked(item, secrets));
        return array;
    }
    if (value.isObject()) {
        QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            it.value() = withSecretsMasked(it.value(), secrets);
        return object;
    }
    return value;
}

// \a value with every occurrence of a \a secrets member in its strings masked; itself, not a copy, when it holds none.
QJsonValue scrubbed(const QJsonValue &value, const QStringList &secrets)
{
    return holdsSecret(value, secrets) ? withSecretsMasked(value, secrets) : value;
}

} // namespace

RunRecord RunRecord::of(const ActionSpec &action, const QJsonObject &inputs, const ActionResult &result)
{
    RunRecord run;
    run.action = action.id();
    run.version = action.version();
    run.status = ActionResult::statusName(result.status);
    QStringList secrets;
    // The caller's object, shared until a sensitive input is masked in it.
    run.inputs = inputs;
    for (const QString &key : ActionSpecPrivate::sensitiveInputs(action)) {
        const auto given = inputs.constFind(key);
        if (given == inputs.constEnd())
            continue;
        collectStrings(given.value(), &secrets);
        run.inputs.insert(key, FieldSpec::maskText());
        run.maskedInputs.append(key);
    }
    const QJsonObject outputs = result.outputs.toJsonObject();
    QJsonObject maskedOutputs = outputs;
    for (const FieldSpec &output : ActionSpecPrivate::maskedOutputs(action)) {
        const auto found = outputs.constFind(output.key());
        if (found == outputs.constEnd())
            continue;
        const QJsonValue masked = output.masked(found.value());
        if (masked == found.value())
            continue;
        collectHidden(found.value(), masked, &secrets);
        maskedOutputs.insert(output.key(), masked);
    }
    secrets.removeIf([](const QString &secret) { return secret.size() < shortestScrubbedValue; });
    // Longest first, so that a secret holding another is masked whole. One secret, the most
    // common case (a token), needs neither: removeDuplicates() hashes even a single entry.
    if (secrets.size() > 1) {
        secrets.removeDuplicates();
        std::sort(secrets.begin(), secrets.end(),
                  [](const QString &a, const QString &b) { return a.size() > b.size(); });
    }
    run.outputs = scrubbed(maskedOutputs, secrets).toObject();
    run.inputs = scrubbed(run.inputs, secrets).toObject();
    if (!result.isSuccess())
        run.errors = scrubbed(ActionResult::toJson(result.errors), secrets).toArray();
    run.warnings = scrubbed(ActionResult::toJson(result.warnings), secrets).toArray();
    return run;
}

QJsonObject RunRecord::toJson() const
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("action"), action},
            {QStringLiteral("version"), version},
            {QStringLiteral("origin"), origin},
            {QStringLiteral("started_at"),
             QDateTime::fromMSecsSinceEpoch(startedAt, Qt::UTC).toString(Qt::ISODateWithMs)},
            {QStringLiteral("duration_ms"), durationMs},
            {QStringLiteral("inputs"), inputs},
            {QStringLiteral("masked_inputs"), QJsonArray::fromStringList(maskedInputs)},
            {QStringLiteral("status"), status},
            {QStringLiteral("outputs"), outputs},
            {QStringLiteral("errors"), errors},
            {QStringLiteral("warnings"), warnings},
            {QStringLiteral("owner"), owner}};
}

RunRecord RunRecord::fromJson(const QJsonObject &json)
{
    RunRecord run;
    run.id = json.value(QLatin1String("id")).toInteger();
    run.action = json.value(QLatin1String("action")).toString();
    run.version = json.value(QLatin1String("version")).toString();
    run.origin = json.value(QLatin1String("origin")).toString();
    run.startedAt = QDateTime::fromString(json.value(QLatin1String("started_at")).toString(), Qt::ISODateWithMs)
                        .toMSecsSinceEpoch();
    run.durationMs = json.value(QLatin1String("duration_ms")).toDouble();
    run.inputs = json.value(QLatin1String("inputs")).toObject();
    for (const QJsonValue &key : json.value(QLatin1String("masked_inputs")).toArray())
        run.maskedInputs.append(key.toString());
    run.status = json.value(QLatin1String("status")).toString();
    run.outputs = json.value(QLatin1String("outputs")).toObject();
    run.errors = json.value(QLatin1String("errors")).toArray();
    run.warnings = json.value(QLatin1String("warnings")).toArray();
    run.owner = json.value(QLatin1String("owner")).toString();
    return run;
}

} // namespace ActionNode
