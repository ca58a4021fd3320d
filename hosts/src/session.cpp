#include <actionnode/session.h>
#include <actionnode/boundedfile.h>
#include <actionnode/connectiontest.h>
#include <actionnode/errorcodes.h>
#include <actionnode/metadatarenderer.h>
#include <actionnode/optionsloader.h>
#include <actionnode/pushsubscriptions.h>
#include <actionnode/triggersubscription.h>

#include "jsontext.h"
#include "openapidocument.h"

#include <QDateTime>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QTimer>
#include <QUuid>

#include <map>
#include <utility>

// Runs the run history could not record (README.md's table lists every category).
Q_LOGGING_CATEGORY(lcRunHistory, "actionnode.runs", QtInfoMsg)

namespace ActionNode {

namespace {

using Status = ActionResult::Status;

ActionResult failure(Status status, ErrorCode code, const QString &message, const QString &rule = {})
{
    return ActionResult::failure(status, {{ErrorCodes::name(code), {}, rule, message}});
}

ActionResult notFound(const QString &message)
{
    return failure(Status::ConfigurationError, ErrorCode::NotFound, message);
}

ActionResult unknownAction(const ActionSpec &spec)
{
    return failure(Status::ConfigurationError, ErrorCode::UnknownAction, spec.errorString());
}

template<typename Spec>
QJsonObject listEntry(const Spec &spec, const QString &kind)
{
    return {{QStringLiteral("id"), spec.id()},
            {QStringLiteral("kind"), kind},
            {QStringLiteral("title"), spec.title()},
            {QStringLiteral("provider"), spec.provider()},
            {QStringLiteral("category"), spec.category()},
            {QStringLiteral("version"), spec.version()}};
}

// A connection test's outcome as the status and code of every other operation.
ActionResult resultOf(const ConnectionTest::Result &test)
{
    using TestStatus = ConnectionTest::Result::Status;
    const QString rule = ConnectionTest::Result::statusName(test.status);
    switch (test.status) {
    case TestStatus::Ok: return ActionResult::success(test.toJson());
    case TestStatus::InvalidCredentials:
    case TestStatus::ProviderError:
        return failure(Status::ProviderFailed, ErrorCode::ProviderError, test.message, rule);
    case TestStatus::Unreachable: return failure(Status::NetworkFailed, ErrorCode::NetworkError, test.message, rule);
    case TestStatus::NotConfigured: break;
    }
    return failure(Status::ConfigurationError, ErrorCode::ConnectionError, test.message, rule);
}

} // namespace

class Session::Private
{
public:
    explicit Private(const SessionOptions &options)
        : options(options), runtime(std::make_unique<Runtime>()), hub(std::make_unique<TriggerHub>(runtime.get()))
    {}

    bool readConnections(QString *errorString);
    //! The ids of the providers that loaded.
    QStringList providerIds() const;
    bool configureWebhooks(QString *errorString);

    SessionOptions options;
    // Destroyed in reverse order: subscriptions leave the hub, which goes before its runtime and its store.
    std::unique_ptr<Store> store;
    std::unique_ptr<Runtime> runtime;
    std::unique_ptr<TriggerHub> hub;
    std::map<QString, std::unique_ptr<TriggerSubscription>> subscriptions;
    PushSubscriptions *pushSubscriptions = nullptr;
    QString licenseProblem;
    QJsonObject openApi;       // built on first use: declarations do not change while serving
    QList<RunRecord> heldRuns; // recorded, not yet written (Session::recordRun())
    QTimer runGroupTimer;
};

bool Session::Private::readConnections(QString *errorString)
{
    for (const QString &fileName : std::as_const(options.connectionFiles)) {
        for (const PluginSpec &plugin : runtime->plugins()) {
            if (plugin.hasError())
                continue;
            Connection connection = runtime->connection(plugin.id());
            if (!connection.readFile(fileName, errorString))
                return false;
            runtime->setConnection(connection);
        }
    }
    return true;
}

QStringList Session::Private::providerIds() const
{
    QStringList ids;
    for (const PluginSpec &plugin : runtime->plugins()) {
        if (!plugin.hasError())
            ids.append(plugin.id());
    }
    return ids;
}

bool Session::Private::configureWebhooks(QString *errorString)
{
    hub->setReplayWindow(options.replayWindowSeconds);
    for (const PluginSpec &plugin : runtime->plugins()) {
        if (plugin.hasError())
            continue;
        const QString variable = TriggerHub::secretVariable(plugin.id());
        const auto given = options.webhookSecrets.constFind(plugin.id());
        const QByteArray secret = given != options.webhookSecrets.constEnd() ? *given : qgetenv(qPrintable(variable));
        if (secret.isEmpty())
            continue;
        QString problem;
        if (!hub->setWebhookSecret(plugin.id(), secret, &problem)) {
            *errorString = (given != options.webhookSecrets.constEnd()
                                ? QStringLiteral("the webhook secret of %1").arg(plugin.id())
                                : QLatin1Char('$') + variable)
                           + QStringLiteral(": ") + problem;
            return false;
        }
    }
    return true;
}

Session::Session(const SessionOptions &options, QObject *parent)
    : QObject(parent), d(std::make_unique<Private>(options))
{
    d->runGroupTimer.setSingleShot(true);
    d->runGroupTimer.setInterval(runGroupMs);
    connect(&d->runGroupTimer, &QTimer::timeout, this, &Session::writeRecordedRuns);
}

Session::~Session()
{
    writeRecordedRuns();
}

bool Session::load(QString *errorString)
{
    Runtime *runtime = d->runtime.get();
    if (!d->options.pluginPaths.isEmpty())
        runtime->setPluginPaths(d->options.pluginPaths);
    if (!d->options.declarationPaths.isEmpty())
        runtime->setDeclarationPaths(d->options.declarationPaths);
    runtime->setWarningsAsErrors(d->options.strict);
    runtime->setMaxPages(d->options.maxPages);
    runtime->setHonoursRateLimits(d->options.honoursRateLimits);
    runtime->discoverPlugins();
    if (runtime->plugins().isEmpty()) {
        *errorString = QStringLiteral("no provider plugins found in: %1")
                           .arg((runtime->pluginPaths() + runtime->declarationPaths()).join(QStringLiteral(", ")));
        return false;
    }
    if (!d->options.licenseFile.isEmpty()) {
        const License license = License::fromFile(d->options.licenseFile, d->options.licensePublicKeyPem);
        if (!license.isValid())
            d->licenseProblem = QStringLiteral("%1: %2").arg(d->options.licenseFile, license.errorString());
        runtime->setLicense(license);
    }
    if (!d->options.storeLocation.isEmpty()) {
        d->store = Store::open(d->options.storeLocation, errorString);
        if (!d->store)
            return false;
        d->store->setRetention(d->options.storeRetention);
        d->hub->setStore(d->store.get());
        // Replicas sharing a store share the providers' rate limits too.
        runtime->setSharedRateLimits(d->store->sharedRateLimits());
    }
    return d->readConnections(errorString) && d->configureWebhooks(errorString);
}

QString Session::licenseProblem() const
{
    return d->licenseProblem;
}

const SessionOptions &Session::options() const
{
    return d->options;
}

Runtime *Session::runtime() const
{
    return d->runtime.get();
}

TriggerHub *Session::triggerHub() const
{
    return d->hub.get();
}

Store *Session::store() const
{
    return d->store.get();
}

void Session::recordRun(const QString &actionId, const ActionInputs &inputs, const ActionResult &result,
                        const QString &origin, double durationMs, const InvokeOptions &caller)
{
    if (!d->store)
        return;
    const ActionSpec action = d->runtime->action(actionId);
    RunRecord run = RunRecord::of(action, inputs, result);
    run.owner = caller.ownerFor(action.provider());
    run.origin = origin;
    run.durationMs = durationMs;
    run.startedAt = QDateTime::currentMSecsSinceEpoch() - qint64(durationMs);
    d->heldRuns.append(std::move(run));
    if (d->heldRuns.size() >= runGroupSize)
        writeRecordedRuns();
    else if (!d->runGroupTimer.isActive())
        d->runGroupTimer.start();
}

void Session::writeRecordedRuns()
{
    d->runGroupTimer.stop();
    if (d->heldRuns.isEmpty())
        return;
    QList<RunRecord> runs;
    runs.swap(d->heldRuns);
    QString error;
    if (d->store->appendRuns(runs, &error) == 0)
        qCWarning(lcRunHistory).noquote()
            << runs.size() << "runs, the first of" << runs.first().action << "were not recorded:" << error;
    // The next group is held in the same list, so that it does not grow again run by run.
    runs.clear();
    if (d->heldRuns.isEmpty())
        d->heldRuns.swap(runs);
}

License Session::readLicense(const QByteArray &document) const
{
    return License::fromJson(document, d->options.licensePublicKeyPem);
}

ActionResult Session::list()
{
    QJsonArray actions;
    for (const ActionSpec &action : d->runtime->actions())
        actions.append(listEntry(action, QStringLiteral("action")));
    QJsonArray triggers;
    for (const TriggerSpec &trigger : d->runtime->triggers())
        triggers.append(listEntry(trigger, QStringLiteral("trigger")));
    ActionErrors problems;
    for (const QString &problem : d->runtime->loadErrors())
        problems.append({ErrorCodes::name(ErrorCode::InvalidDeclaration), {}, {}, problem});
    return ActionResult::success(QJsonObject{{QStringLiteral("actions"), actions},
                                             {QStringLiteral("triggers"), triggers}},
                                 problems);
}

ActionResult Session::describe(const QString &id, const QString &locale, const InvokeOptions &options, Format format)
{
    const License license = options.license.value_or(d->runtime->license());
    const auto answer = [format, &license](const auto &spec) {
        if (format == Format::Markdown)
            return ActionResult::success(
                QJsonObject{{QStringLiteral("markdown"), MetadataRenderer::toMarkdown(spec, license)}});
        return ActionResult::success(MetadataRenderer::toJson(spec, license));
    };
    if (d->runtime->knownTriggerIds().contains(id)) {
        const TriggerSpec trigger = d->runtime->trigger(id);
        if (trigger.hasError())
            return failure(Status::ConfigurationError, ErrorCode::UnknownTrigger, trigger.errorString());
        return answer(trigger);
    }
    const ActionSpec action = d->runtime->action(id);
    if (action.hasError())
        return unknownAction(action);
    const ActionSpec shown = locale.isEmpty() ? action : action.localized(locale);
    if (shown.hasError())
        return failure(Status::InvalidInput, ErrorCode::InvalidLocale, shown.errorString());
    return answer(shown);
}

QFuture<ActionResult> Session::invoke(const QString &actionId, const QJsonObject &inputs, const InvokeOptions &options)
{
    return d->runtime->invoke(actionId, inputs, options);
}

ActionCall Session::call(const QString &actionId, const ActionInputs &inputs, const InvokeOptions &options)
{
    return d->runtime->call(actionId, inputs, options);
}

QFuture<ActionResult> Session::invokeJson(const QString &actionId, QByteArrayView json, const InvokeOptions &options)
{
    return callJson(actionId, json, options).future();
}

ActionCall Session::callJson(const QString &actionId, QByteArrayView json, const InvokeOptions &options)
{
    // Text the runtime reads straight into the action's inputs needs no document.
    if (const std::optional<ActionInputs> inputs = d->runtime->readInputs(actionId, json))
        return d->runtime->call(actionId, *inputs, options);
    // The reader of every text users hand in: raw control characters are refused wherever they come from.
    QString parseError;
    const QJsonValue document = JsonText::parse(json.toByteArray(), &parseError);
    if (!document.isObject()) {
        const QString reason = document.isUndefined() ? parseError : QStringLiteral("it is not an object");
        return ActionCall(failure(Status::InvalidInput, ErrorCode::InvalidJson,
                                  QStringLiteral("the inputs must be a JSON object: %1").arg(reason), ErrorRule::Json));
    }
    return d->runtime->call(actionId, ActionInputs(document.toObject()), options);
}

QFuture<ActionResult> Session::fieldOptions(const QString &actionId, const QString &fieldKey, const QString &search,
                                            const QString &cursor, const InvokeOptions &options)
{
    const ActionSpec action = d->runtime->action(actionId);
    if (action.hasError())
        return QtFuture::makeReadyFuture(unknownAction(action));
    if (action.field(fieldKey).key().isEmpty())
        return QtFuture::makeReadyFuture(
            notFound(QStringLiteral("\"%1\" is not a field of %2").arg(fieldKey, actionId)));
    return OptionsLoader::load(d->runtime.get(), action, fieldKey, search, cursor, options)
        .then([](const OptionsLoader::Options &loaded) { return ActionResult::success(loaded.toJson()); });
}

ActionResult Session::migrate(const QString &actionId, const QString &fromVersion, const QJsonObject &inputs)
{
    const ActionSpec action = d->runtime->action(actionId);
    if (action.hasError())
        return unknownAction(action);
    const MigratedInputs migrated = action.migrateInputs(inputs, fromVersion);
    if (!migrated.isValid())
        return failure(Status::InvalidInput, ErrorCode::InvalidInput, migrated.errorString, ErrorRule::Migration);
    return ActionResult::success(migrated.toJson());
}

QFuture<ActionResult> Session::testConnection(const QString &providerId, const InvokeOptions &options)
{
    for (const PluginSpec &plugin : d->runtime->plugins()) {
        if (!plugin.hasError() && plugin.id() == providerId) {
            const Connection *given = options.connectionFor(providerId);
            return ConnectionTest::run(plugin.manifest(), given ? *given : d->runtime->connection(providerId))
                .then([](const ConnectionTest::Result &test) { return resultOf(test); });
        }
    }
    return QtFuture::makeReadyFuture(
        notFound(QStringLiteral("unknown provider \"%1\"; known providers: %2")
                     .arg(providerId.left(64), d->providerIds().join(QStringLiteral(", ")))));
}

ActionResult Session::subscribe(const QString &triggerId, const QJsonObject &filters, const InvokeOptions &options)
{
    ActionErrors errors;
    std::unique_ptr<TriggerSubscription> subscription = d->hub->subscribe(triggerId, filters, &errors,
                                                                          d->options.subscriptionQueueCapacity,
                                                                          options);
    if (!subscription) {
        const std::optional<ErrorCode> code = ErrorCodes::fromName(errors.value(0).code);
        return ActionResult::failure(code ? ErrorCodes::status(*code).value_or(Status::InvalidInput)
                                          : Status::InvalidInput,
                                     errors);
    }
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    d->subscriptions.emplace(id, std::move(subscription));
    return ActionResult::success(QJsonObject{{QStringLiteral("subscription"), id},
                                             {QStringLiteral("trigger"), triggerId},
                                             {QStringLiteral("filters"), filters}});
}

ActionResult Session::subscribeTarget(const QString &triggerId, const QJsonObject &filters, const QString &targetUrl,
                                      const InvokeOptions &options)
{
    if (!d->pushSubscriptions)
        return failure(Status::ConfigurationError, ErrorCode::NotConfigured,
                       QStringLiteral("this host keeps no subscriptions with a target URL"));
    return d->pushSubscriptions->create(triggerId, filters, targetUrl, options);
}

ActionResult Session::subscriptions(const QString &triggerId)
{
    if (!d->pushSubscriptions)
        return ActionResult::success(QJsonObject{{QStringLiteral("subscriptions"), QJsonArray()}});
    return d->pushSubscriptions->list(triggerId);
}

void Session::setPushSubscriptions(PushSubscriptions *subscriptions)
{
    d->pushSubscriptions = subscriptions;
    d->openApi = {}; // its routes join the document
}

PushSubscriptions *Session::pushSubscriptions() const
{
    return d->pushSubscriptions;
}

ActionResult Session::unsubscribe(const QString &subscriptionId)
{
    if (d->subscriptions.erase(subscriptionId) > 0)
        return ActionResult::success(QJsonObject{{QStringLiteral("subscription"), subscriptionId}});
    if (d->pushSubscriptions)
        return d->pushSubscriptions->remove({}, subscriptionId);
    return notFound(QStringLiteral("no subscription \"%1\"").arg(subscriptionId.left(64)));
}

TriggerSubscription *Session::subscription(const QString &subscriptionId) const
{
    const auto it = d->subscriptions.find(subscriptionId);
    return it == d->subscriptions.end() ? nullptr : it->second.get();
}

ActionResult Session::exportPackage(const QString &builder, const BuilderExportOptions &options)
{
    const std::unique_ptr<BuilderExport> exporter = BuilderExport::create(builder);
    if (!exporter)
        return notFound(QStringLiteral("unknown builder \"%1\"; known builders: %2")
                            .arg(builder.left(64), BuilderExport::builders().join(QStringLiteral(", "))));
    const QStringList providers = d->providerIds();
    if (!options.provider.isEmpty() && !providers.contains(options.provider))
        return ActionResult::failure(Status::InvalidInput,
                                     {{ErrorCodes::name(ErrorCode::InvalidInput),
                                       QStringLiteral("/provider"),
                                       {},
                                       QStringLiteral("unknown provider \"%1\"; known providers: %2")
                                           .arg(options.provider.left(64), providers.join(QStringLiteral(", ")))}});
    ExportedFiles files;
    QString error;
    if (!exporter->write(*this, options, &files, &error))
        return failure(Status::InvalidInput, ErrorCode::InvalidInput, error);
    QJsonObject texts;
    for (auto file = files.cbegin(); file != files.cend(); ++file)
        texts.insert(file.key(), QString::fromUtf8(file.value()));
    return ActionResult::success(QJsonObject{{QStringLiteral("builder"), builder}, {QStringLiteral("files"), texts}});
}

QJsonObject Session::openApiDocument()
{
    if (d->openApi.isEmpty())
        d->openApi = OpenApiDocument::build(d->runtime->actions(), d->store != nullptr,
                                            d->pushSubscriptions != nullptr);
    return d->openApi;
}

} // namespace ActionNode
