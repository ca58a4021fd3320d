#include <actionnode/optionsloader.h>
#include <actionnode/runtime.h>

#include "jsonpointer.h"

namespace ActionNode {

using namespace Internal;

namespace {

using Options = OptionsLoader::Options;

Options freeText(const QString &reason)
{
    return {{}, true, reason, false};
}

// A label to show: text, at most 200 characters of it (a provider's names can be anything).
QString labelText(const QJsonValue &value)
{
    const QString text = value.isString() ? value.toString() : value.toVariant().toString();
    constexpr int limit = 200;
    if (text.size() <= limit)
        return text;
    return text.left(text.at(limit - 1).isHighSurrogate() ? limit - 1 : limit) + QStringLiteral("…");
}

// Keeps the options whose label contains \a search, at most maxOptions of them.
Options matching(const QJsonArray &candidates, const QString &search)
{
    Options options;
    for (const QJsonValue &candidate : candidates) {
        if (!search.isEmpty()
            && !candidate.toObject().value(QLatin1String("label")).toString().contains(search, Qt::CaseInsensitive))
            continue;
        if (options.options.size() == OptionsLoader::maxOptions) {
            options.truncated = true;
            break;
        }
        options.options.append(candidate);
    }
    return options;
}

} // namespace

QJsonObject Options::toJson() const
{
    QJsonObject json{{QStringLiteral("options"), options}, {QStringLiteral("freeText"), freeText}};
    if (!reason.isEmpty())
        json.insert(QStringLiteral("reason"), reason);
    if (truncated)
        json.insert(QStringLiteral("truncated"), true);
    return json;
}

QFuture<Options> OptionsLoader::load(Runtime *runtime, const ActionSpec &action, const QString &fieldKey,
                                     const QString &search)
{
    const FieldSpec field = action.field(fieldKey);
    if (field.key().isEmpty())
        return QtFuture::makeReadyFuture(
            freeText(QStringLiteral("\"%1\" is not a field of %2").arg(fieldKey, action.id())));
    const QJsonObject source = field.optionsFrom();
    if (source.isEmpty()) {
        QJsonArray declared;
        for (const QJsonValue &option : field.options())
            declared.append(
                QJsonObject{{QStringLiteral("value"), option}, {QStringLiteral("label"), labelText(option)}});
        if (declared.isEmpty())
            return QtFuture::makeReadyFuture(freeText(QStringLiteral("\"%1\" takes free text").arg(fieldKey)));
        return QtFuture::makeReadyFuture(matching(declared, search));
    }

    const QString sourceId = source.value(QLatin1String("action")).toString();
    const ActionSpec sourceAction = runtime->action(sourceId);
    if (sourceAction.hasError())
        return QtFuture::makeReadyFuture(freeText(QStringLiteral("the options come from %1, which cannot be run: %2")
                                                      .arg(sourceId, sourceAction.errorString())));
    const QString searchInput = source.value(QLatin1String("searchInput")).toString();
    QJsonObject inputs;
    if (!searchInput.isEmpty() && !search.isEmpty())
        inputs.insert(searchInput, search);
    const QString items = source.value(QLatin1String("items")).toString();
    // The meta-schema checked that both are pointers.
    bool ok = false;
    const JsonPointer valuePointer = JsonPointer::parse(source.value(QLatin1String("value")).toString(), &ok);
    const JsonPointer labelPointer = JsonPointer::parse(source.value(QLatin1String("label")).toString(), &ok);
    const QString filter = searchInput.isEmpty() ? search : QString();
    return runtime->invoke(sourceId, inputs).then([=](const ActionResult &result) {
        if (!result.isSuccess())
            return freeText(QStringLiteral("%1 failed (%2): %3")
                                .arg(sourceId, ActionResult::statusName(result.status),
                                     result.errors.isEmpty() ? QString() : result.errors.constFirst().toString()));
        const QJsonValue list = result.outputs.value(items);
        if (!list.isArray())
            return freeText(QStringLiteral("%1 returned no \"%2\" list").arg(sourceId, items));
        QJsonArray candidates;
        for (const QJsonValue &item : list.toArray()) {
            const QJsonValue value = valuePointer.resolve(item);
            if (value.isUndefined() || value.isNull())
                continue; // an item without a value cannot be chosen
            const QJsonValue label = labelPointer.resolve(item);
            candidates.append(
                QJsonObject{{QStringLiteral("value"), value},
                            {QStringLiteral("label"), label.isUndefined() ? labelText(value) : labelText(label)}});
        }
        return matching(candidates, filter);
    });
}

} // namespace ActionNode
