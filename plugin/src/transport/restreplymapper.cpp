#include "restreplymapper.h"

#include <actionnode/errorcodes.h>

#include "restdeclaration.h"
#include "restprovider.h"

namespace ActionNode::Internal {

namespace {

bool isWordCharacter(QChar c)
{
    return c.isLetterOrNumber() || c == u'_';
}

// The input whose wire name \a info mentions first, as a word; at one place the longest name wins.
QString fieldNamedIn(const RestDeclaration &declaration, const QString &info)
{
    QString best;
    qsizetype bestAt = info.size();
    qsizetype bestLength = 0;
    for (const RestDeclaration::Binding &binding : declaration.bindings) {
        const QString &name = binding.name;
        for (qsizetype at = info.indexOf(name); at >= 0 && at <= bestAt; at = info.indexOf(name, at + 1)) {
            const qsizetype end = at + name.size();
            const bool word = (at == 0 || !isWordCharacter(info.at(at - 1)))
                              && (end == info.size() || !isWordCharacter(info.at(end)));
            if (word && (at < bestAt || name.size() > bestLength)) {
                best = binding.key;
                bestAt = at;
                bestLength = name.size();
                break;
            }
        }
    }
    return best.isEmpty() ? QString() : QLatin1Char('/') + best;
}

QString filled(const QString &message, const ActionInputs &inputs)
{
    QString text;
    qsizetype position = 0;
    while (position < message.size()) {
        const qsizetype open = message.indexOf(QLatin1Char('{'), position);
        const qsizetype close = open < 0 ? -1 : message.indexOf(QLatin1Char('}'), open);
        if (close < 0)
            break;
        text.append(QStringView(message).mid(position, open - position));
        text.append(RestProvider::bounded(inputs.text(message.mid(open + 1, close - open - 1))));
        position = close + 1;
    }
    text.append(QStringView(message).mid(position));
    return text;
}

ActionResult failure(const RestDeclaration &declaration, const RestProvider &provider, const ActionInputs &inputs,
                     const RestCall::Reply &reply)
{
    const RestProvider::ErrorReply said = provider.errorOf(reply.body);
    const QString &type = said.type;
    const QString &info = said.message;
    const QString message = provider.answered(reply, said);
    const QString rule = ErrorRule::httpStatus(reply.status);

    for (const RestDeclaration::ErrorRule &error : declaration.errors) {
        if (error.status != reply.status || (!error.providerError.isEmpty() && error.providerError != type))
            continue;
        const QString field = error.fieldFromInfo ? fieldNamedIn(declaration, info) : error.field;
        if (error.fieldFromInfo && field.isEmpty())
            continue; // the rule is about a named input; this answer names none
        const QString text = error.message.isEmpty() ? message : filled(error.message, inputs);
        // The declaration's load checked the code is one a result carries.
        return ActionResult::failure(*ErrorCodes::status(error.code),
                                     {{ErrorCodes::name(error.code), field, rule, text}});
    }
    const QList<ProviderErrorList::Entry> listed = provider.errorList.entries(reply.body);
    if (!listed.isEmpty())
        return ActionResult::failure(ActionResult::Status::ProviderFailed,
                                     ProviderErrorList::errors(listed, declaration, provider, reply));
    return ActionResult::failure(ActionResult::Status::ProviderFailed,
                                 {{ErrorCodes::name(ErrorCode::ProviderError), {}, rule, message}});
}

} // namespace

ActionResult RestReplyMapper::map(const RestDeclaration &declaration, const RestProvider &provider,
                                  const ActionInputs &inputs, const RestCall::Reply &reply)
{
    if (!reply.hasHttpStatus())
        return ActionResult::failure(
            ActionResult::Status::NetworkFailed,
            {{ErrorCodes::name(ErrorCode::NetworkError), {}, {}, provider.unreachable(reply)}});
    if (reply.status < 200 || reply.status > 299)
        return failure(declaration, provider, inputs, reply);

    if (!reply.errorString.isEmpty()) // refused, as too large
        return ActionResult::failure(
            ActionResult::Status::ProviderFailed,
            {{ErrorCodes::name(ErrorCode::ProviderError), {}, ErrorRule::AnswerLimit, provider.answered(reply, {})}});
    QString problem;
    const std::optional<QJsonObject> outputs = declaration.answerCheck.read(reply.body, reply.status == 204, &problem);
    if (!outputs)
        return ActionResult::failure(
            ActionResult::Status::ProviderFailed,
            {{ErrorCodes::name(ErrorCode::ProviderError),
              {},
              ErrorRule::MalformedReply,
              QStringLiteral("%1 answered HTTP %2 %3").arg(provider.name).arg(reply.status).arg(problem)}});
    return ActionResult::success(*outputs);
}

} // namespace ActionNode::Internal
