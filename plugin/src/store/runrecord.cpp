#include <actionnode/actioninputs.h>
#include <actionnode/actionoutputs.h>
#include <actionnode/actionresult.h>
#include <actionnode/actionspec.h>
#include <actionnode/store.h>

#include "actioninputs_p.h"
#include "actionspec_p.h"
#include "compactjson.h"
#include "inputjsonreader.h"
#include "texttable.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QVarLengthArray>

#include <algorithm>
#include <optional>
#include <string>
#include <type_traits>

namespace ActionNode {

namespace {

// Values shorter than this are not looked for in messages: masking every
// "1" or "ok" a message holds would hide more than it protects.
constexpr qsizetype shortestScrubbedValue = 4;

// What masks hide, as UTF-8: most runs hide one token, and need no list allocated for it.
using Utf8Secrets = QVarLengthArray<QByteArray, 4>;

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

// Whether \a text, a JSON text, holds none of \a secrets (as UTF-8). Without an
// escape in it, each of its strings stands as its own UTF-8 bytes: a secret not
// among the bytes is in none of them. A text with an escape is not decided here.
bool certainlyHoldsNone(QByteArrayView text, const Utf8Secrets &secrets)
{
    if (secrets.isEmpty())
        return true;
    return !text.contains('\\') && std::none_of(secrets.begin(), secrets.end(), [text](const QByteArray &secret) {
        return text.contains(secret);
    });
}

// The text output at \a index as the bytes it is kept as when they are ASCII (ActionOutputs::insertUtf8()).
std::optional<QByteArrayView> asciiBytesAt(const ActionOutputs &outputs, qsizetype index)
{
    return outputs.textViewAt(index).visit([](auto view) -> std::optional<QByteArrayView> {
        if constexpr (std::is_same_v<decltype(view), QStringView>) {
            return std::nullopt;
        } else {
            if (!Internal::isAsciiBytes({view.data(), size_t(view.size())}))
                return std::nullopt;
            return QByteArrayView(view.data(), view.size());
        }
    });
}

// The text output at \a index as a JSON string: from the bytes it is kept as when they are ASCII, else from its
// QString.
void appendTextOutput(std::string *out, const ActionOutputs &outputs, qsizetype index)
{
    if (const std::optional<QByteArrayView> bytes = asciiBytesAt(outputs, index))
        Internal::CompactJson::appendString(out, *bytes);
    else
        Internal::CompactJson::appendString(out, outputs.textAt(index));
}

// The text output at \a index, hidden by a mask: viewed where it is kept when it is ASCII bytes, else copied.
void addTextSecret(const ActionOutputs &outputs, qsizetype index, QStringList *secrets, Utf8Secrets *asciiSecrets)
{
    if (const std::optional<QByteArrayView> bytes = asciiBytesAt(outputs, index))
        asciiSecrets->append(QByteArray::fromRawData(bytes->data(), bytes->size()));
    else
        secrets->append(outputs.textAt(index));
}

/*
    \a outputs as compact JSON text, written from their slots with no object
    built into the thread's buffer (CompactJson::threadBuffer()) and read
    where it stands there, each of \a sensitive (outputs declared sensitive
    whole, a token) written as the mask and its strings added to
    \a secrets; an ASCII text kept as bytes (a token) is added to
    \a asciiSecrets instead, as a view of the bytes \a outputs keep.
*/
QByteArrayView outputsMaskedWhole(const ActionOutputs &outputs, const QStringList &sensitive, QStringList *secrets,
                                  Utf8Secrets *asciiSecrets)
{
    static const QByteArray mask = FieldSpec::maskText().toUtf8();
    std::string &text = Internal::CompactJson::threadBuffer();
    text.push_back('{');
    for (qsizetype i = 0; i < outputs.size(); ++i) {
        const QString name = outputs.nameAt(i);
        if (i > 0)
            text.push_back(',');
        Internal::CompactJson::appendString(&text, name);
        text.push_back(':');
        // Compared inline: QString's comparison is what stalls where qHash does.
        const bool masked = std::any_of(sensitive.begin(), sensitive.end(), [&name](const QString &key) {
            return Internal::utf16View(key) == Internal::utf16View(name);
        });
        if (masked) {
            if (outputs.isTextAt(i))
                addTextSecret(outputs, i, secrets, asciiSecrets);
            else
                collectStrings(outputs.valueAt(i), secrets);
            Internal::CompactJson::appendString(&text, QByteArrayView(mask));
        } else if (outputs.isTextAt(i)) {
            appendTextOutput(&text, outputs, i);
        } else {
            Internal::CompactJson::appendValue(&text, outputs.valueAt(i));
        }
    }
    text.push_back('}');
    return QByteArrayView(text.data(), qsizetype(text.size()));
}

/*
    \a text as recorded: run after run of one action records the same text
    once its token is masked, so the last one recorded is shared. Only a
    short text, and one that holds no secret, is kept for the thread's life.
*/
QByteArray sharedWithTheLast(QByteArrayView text)
{
    thread_local QByteArray last;
    if (QByteArrayView(last) == text)
        return last;
    const QByteArray recorded = text.toByteArray();
    last = recorded.size() <= 1024 ? recorded : QByteArray();
    return recorded;
}

// \a outputs masked as FieldSpec::masked() shows them, what the masks hide added to \a secrets when it is given.
QJsonObject outputsMaskedInObjects(const ActionSpec &action, const QJsonObject &outputs, QStringList *secrets)
{
    QJsonObject maskedOutputs = outputs;
    for (const FieldSpec &output : ActionSpecPrivate::maskedOutputs(action)) {
        const auto found = outputs.constFind(output.key());
        if (found == outputs.constEnd())
            continue;
        const QJsonValue masked = output.masked(found.value());
        if (masked == found.value())
            continue;
        if (secrets)
            collectHidden(found.value(), masked, secrets);
        maskedOutputs.insert(output.key(), masked);
    }
    return maskedOutputs;
}

} // namespace

RunRecord RunRecord::of(const ActionSpec &action, const QJsonObject &inputs, const ActionResult &result)
{
    return of(action, ActionInputs(inputs), result);
}

RunRecord RunRecord::of(const ActionSpec &action, const ActionInputs &inputs, const ActionResult &result)
{
    RunRecord run;
    run.action = action.id();
    run.version = action.version();
    run.status = ActionResult::statusName(result.status);
    // What the masks hide: found in values, and in ASCII text outputs (viewed where result keeps them).
    QStringList secrets;
    Utf8Secrets asciiSecrets;
    // The caller's object, shared until a sensitive input is masked in it; built only when needed.
    std::optional<QJsonObject> maskedInputs;
    for (const QString &key : ActionSpecPrivate::sensitiveInputs(action)) {
        if (!inputs.contains(key))
            continue;
        if (!maskedInputs)
            maskedInputs = inputs.toJsonObject();
        collectStrings(maskedInputs->value(key), &secrets);
        maskedInputs->insert(key, FieldSpec::maskText());
        run.maskedInputs.append(key);
    }
    // Outputs masked whole (a token) are written from their slots; list items with sensitive fields
    // are masked in the objects.
    const QStringList &sensitiveOutputs = ActionSpecPrivate::sensitiveOutputs(action);
    const bool maskedWhole = sensitiveOutputs.size() == ActionSpecPrivate::maskedOutputs(action).size();
    const QByteArray maskedInObjects = maskedWhole
                                           ? QByteArray()
                                           : Internal::CompactJson::text(
                                               outputsMaskedInObjects(action, result.outputs.toJsonObject(), &secrets));
    const QByteArrayView outputs = maskedWhole
                                       ? outputsMaskedWhole(result.outputs, sensitiveOutputs, &secrets, &asciiSecrets)
                                       : QByteArrayView(maskedInObjects);
    secrets.removeIf([](const QString &secret) { return secret.size() < shortestScrubbedValue; });
    asciiSecrets.removeIf([](const QByteArray &secret) { return secret.size() < shortestScrubbedValue; });
    Utf8Secrets secretsUtf8 = asciiSecrets;
    for (const QString &secret : std::as_const(secrets))
        secretsUtf8.append(secret.toUtf8());
    // The secrets as texts, for a value that must be scrubbed: longest first, so that a secret
    // holding another is masked whole. Built only then; a run seldom needs it.
    std::optional<QStringList> scrubbedSecrets;
    const auto textSecrets = [&]() -> const QStringList & {
        if (!scrubbedSecrets) {
            scrubbedSecrets = secrets;
            for (const QByteArray &secret : std::as_const(asciiSecrets))
                scrubbedSecrets->append(QString::fromLatin1(secret));
            scrubbedSecrets->removeDuplicates();
            std::sort(scrubbedSecrets->begin(), scrubbedSecrets->end(),
                      [](const QString &a, const QString &b) { return a.size() > b.size(); });
        }
        return *scrubbedSecrets;
    };
    // A text that may quote a secret is masked in the objects instead, and scrubbed there.
    if (!certainlyHoldsNone(outputs, secretsUtf8))
        run.outputs = Internal::CompactJson::text(
            scrubbed(outputsMaskedInObjects(action, result.outputs.toJsonObject(), nullptr), textSecrets()));
    else
        run.outputs = maskedWhole ? sharedWithTheLast(outputs) : maskedInObjects;
    if (maskedWhole)
        Internal::CompactJson::releaseLarge(Internal::CompactJson::threadBuffer());
    // The text as sent when nothing in it is masked: reading it into an object
    // and writing that out again is most of what recording a run costs.
    const QByteArray &sent = ActionInputsData::of(inputs).sentJson;
    if (!maskedInputs && !sent.isNull() && certainlyHoldsNone(sent, secretsUtf8))
        run.inputs = Internal::InputJsonReader::compact(sent);
    else
        run.inputs = Internal::CompactJson::text(
            scrubbed(maskedInputs ? *maskedInputs : inputs.toJsonObject(), textSecrets()));
    if (!result.isSuccess())
        run.errors = scrubbed(ActionResult::toJson(result.errors), textSecrets()).toArray();
    if (!result.warnings.isEmpty())
        run.warnings = scrubbed(ActionResult::toJson(result.warnings), textSecrets()).toArray();
    return run;
}

QJsonObject RunRecord::inputsObject() const
{
    return QJsonDocument::fromJson(inputs).object();
}

QJsonObject RunRecord::outputsObject() const
{
    return QJsonDocument::fromJson(outputs).object();
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
            {QStringLiteral("inputs"), inputsObject()},
            {QStringLiteral("masked_inputs"), QJsonArray::fromStringList(maskedInputs)},
            {QStringLiteral("status"), status},
            {QStringLiteral("outputs"), outputsObject()},
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
    run.inputs = Internal::CompactJson::text(json.value(QLatin1String("inputs")).toObject());
    for (const QJsonValue &key : json.value(QLatin1String("masked_inputs")).toArray())
        run.maskedInputs.append(key.toString());
    run.status = json.value(QLatin1String("status")).toString();
    run.outputs = Internal::CompactJson::text(json.value(QLatin1String("outputs")).toObject());
    run.errors = json.value(QLatin1String("errors")).toArray();
    run.warnings = json.value(QLatin1String("warnings")).toArray();
    run.owner = json.value(QLatin1String("owner")).toString();
    return run;
}

} // namespace ActionNode
