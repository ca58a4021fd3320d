#include <actionnode/optionsloader.h>
#include <actionnode/runtime.h>

#include "actionspec_p.h"
#include "jsonpointer.h"
#include "restdeclaration.h"

namespace ActionNode {

using namespace Internal;

namespace {

using Options = OptionsLoader::Options;

Options freeText(const QString &reason)
{
    return {{}, true, reason, false, {}};
}

// The input of \a rest sent as the query parameter or body property \a name, or empty.
QString inputSentAs(const RestDeclaration &rest, const QString &name)
{
    for (const RestDeclaration::Binding &binding : rest.bindings) {
        if (!name.isEmpty() && binding.name == name)
            return binding.key;
    }
    return {};
}

// The input a paged source takes its cursor in; empty when the source is not read a page at a time.
QString cursorInputOf(const RestDeclaration *rest)
{
    const bool paged = rest && rest->paginated && rest->pagination.next.isRoot();
    return paged ? inputSentAs(*rest, rest->pagination.cursorParam) : QString();
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
    if (!nextCursor.isEmpty())
        json.insert(QStringLiteral("nextCursor"), nextCursor);
    return json;
}

bool OptionsLoader::isSearchable(Runtime *runtime, const ActionSpec &action, const QString &fieldKey)
{
    const QJsonObject source = action.field(fieldKey).optionsFrom();
    if (source.isEmpty())
        return false;
    if (!source.value(QLatin1String("searchInput")).toString().isEmpty())
        return true;
    const ActionSpec sourceAction = runtime->action(source.value(QLatin1String("action")).toString());
    return !sourceAction.hasError() && !cursorInputOf(ActionSpecPrivate::restDeclaration(sourceAction).get()).isEmpty();
}

QFuture<Options> OptionsLoader::load(Runtime *runtime, const ActionSpec &action, const QString &fieldKey,
                                     const QString &search, const QString &cursor, const InvokeOptions &options)
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
    // A paged source is read a full page at a time, from the cursor given.
    const std::shared_ptr<const RestDeclaration> &rest = ActionSpecPrivate::restDeclaration(sourceAction);
    const bool paged = rest && rest->paginated && rest->pagination.next.isRoot();
    const QString cursorInput = cursorInputOf(rest.get());
    const QString limitInput = paged ? inputSentAs(*rest, rest->pagination.limitParam) : QString();
    const int pageSize = limitInput.isEmpty() ? 0 : rest->pagination.maxLimit;
    if (pageSize > 0)
        inputs.insert(limitInput, pageSize);
    if (!cursor.isEmpty() && !cursorInput.isEmpty())
        inputs.insert(cursorInput, cursor);
    const JsonPointer cursorFrom = paged ? rest->pagination.cursorFrom : JsonPointer();
    const QString items = source.value(QLatin1String("items")).toString();
    // The meta-schema checked that both are pointers.
    bool ok = false;
    const JsonPointer valuePointer = JsonPointer::parse(source.value(QLatin1String("value")).toString(), &ok);
    const JsonPointer labelPointer = JsonPointer::parse(source.value(QLatin1String("label")).toString(), &ok);
    const QString filter = searchInput.isEmpty() ? search : QString();
    InvokeOptions onePage = options;
    onePage.allPages = nullptr;
    return runtime->invoke(sourceId, inputs, onePage).then([=](const ActionResult &result) {
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
        Options matched = matching(candidates, filter);
        // A full page may have a next one.
        const QJsonArray page = list.toArray();
        if (!cursorInput.isEmpty() && pageSize > 0 && page.size() >= pageSize)
            matched.nextCursor = cursorFrom.resolve(page.last()).toString();
        return matched;
    });
}

} // namespace ActionNode
