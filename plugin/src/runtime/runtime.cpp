#include <actionnode/runtime.h>
#include <actionnode/errorcodes.h>
#include <actionnode/sdk/providerplugin.h>

#include "actioninputs_p.h"
#include "actionspec_p.h"
#include "checkeddeclarations.h"
#include "invocationplan.h"
#include "logging.h"
#include "outputtemplates.h"
#include "restdeclaration.h"
#include "restprovider.h"
#include "resttransport.h"
#include "texttable.h"
#include "triggerspec_p.h"

#include <QDir>
#include <QHash>
#include <QLibrary>
#include <QPluginLoader>

#include <memory>
#include <optional>

#include <dlfcn.h>

namespace ActionNode {

using namespace Internal;

namespace {
const QString bundleRequired = ErrorCodes::name(ErrorCode::BundleRequired);
//! The code of the warnings that say what migrating saved inputs changed.
const QString MigratedCode = QStringLiteral("migrated");
} // namespace

class Runtime::Private
{
public:
    struct LoadedPlugin
    {
        PluginSpec spec;
        std::unique_ptr<QPluginLoader> loader;
        ProviderPlugin *provider = nullptr;
        CheckedDeclarations checked; //!< read when the provider loads
    };

    QStringList pluginPaths = Runtime::defaultPluginPaths();
    QStringList declarationPaths = Runtime::defaultDeclarationPaths();
    std::vector<LoadedPlugin> plugins;
    QHash<QString, ActionSpec> actions;
    QHash<QString, ProviderPlugin *> providerOfAction;
    //! Why a listed action could not be read, by action id.
    QHash<QString, QString> actionProblems;
    QHash<QString, TriggerSpec> triggers;
    //! Why a listed trigger could not be read, by trigger id.
    QHash<QString, QString> triggerProblems;
    QStringList loadErrors;
    License license;
    bool warningsAsErrors = false;
    //! A connection and its problems, checked once when it is set or read rather than on every invocation.
    struct CheckedConnection
    {
        Connection connection;
        ActionErrors problems;
    };
    QHash<QString, CheckedConnection> connections;
    //! What each provider's manifest says about its REST API, by provider id.
    QHash<QString, RestProvider> restProviders;
    std::shared_ptr<RestTransport> transport = std::make_shared<RestTransport>();
    /*!
        The action invoked last, looked up once: a host that invokes one
        action again and again finds it by comparing its id's characters
        once, without hashing it (Qt's qHash stalls on some CPUs).
        Forgotten whenever an action is loaded or a connection set.
    */
    struct InvokedAction
    {
        QString id;
        ActionSpec spec;
        ProviderPlugin *provider = nullptr;
        std::optional<CheckedConnection> connection; //!< the runtime's, once used
        QStringList templateSettings;                //!< what the output templates read of it
    };
    std::optional<InvokedAction> lastInvoked;
    //! Whether \a actionId is the action invoked last.
    bool isLastInvoked(QStringView actionId) const;
    //! The action \a actionId, or null with why it is \a unavailable.
    InvokedAction *invoked(const QString &actionId, Runtime *runtime, QString *unavailable);
    //! The plan that reads the inputs of \a actionId; null when it is unknown or cannot be invoked.
    const Internal::InvocationPlan *invocationPlan(const QString &actionId, Runtime *runtime);

    bool add(const PluginSpec &spec);
    //! Loads \a plugin's library and reads its manifest's REST API; its declarations are parsed one by one as used.
    bool load(LoadedPlugin &plugin);
    //! Parses the declaration of the action at \a index of \a plugin's manifest, once.
    void loadAction(const LoadedPlugin &plugin, qsizetype index);
    //! Parses the declaration of the trigger at \a index of \a plugin's manifest, once.
    void loadTrigger(const LoadedPlugin &plugin, qsizetype index);
    //! The licence \a options bring, else the runtime's.
    const License &licenseFor(const InvokeOptions &options) const
    {
        return options.license ? *options.license : license;
    }
    bool strictFor(const InvokeOptions &options) const { return options.strict.value_or(warningsAsErrors); }
    static QString licenseRefusal(const License &license);
    //! Why \a spec's output templates are refused (they name a secret setting), or empty.
    static QString secretInTemplates(const ActionSpec &spec, const PluginSpec &provider, const QString &source);
    void loadAll();
    LoadedPlugin *pluginProviding(const QString &actionId);
    static ActionErrors gate(const ActionSpec &spec, const ActionInputs &inputs, const License &license);
    //! What is checked before an action runs, by check() and invoke() alike.
    struct Preflight
    {
        ActionErrors invalid;
        ActionErrors refused; //!< by the license gate
        ActionErrors warnings;
        //! Every problem: bad values, locked fields and, when warnings are errors, the warnings.
        ActionErrors errors(bool warningsAsErrors) const
        {
            return invalid + refused + (warningsAsErrors ? warnings : ActionErrors());
        }
    };
    static Preflight preflight(const ActionSpec &spec, const ActionInputs &inputs, const License &license);
    //! \a inputs in the slots of \a spec's plan: read again only when another plan read them.
    static ActionInputs readBy(const ActionSpec &spec, const ActionInputs &inputs);
    const CheckedConnection &checkedConnection(const QString &providerId);
    ActionCall call(const QString &actionId, const ActionInputs &given, const InvokeOptions &options, Runtime *runtime);
};

bool Runtime::Private::add(const PluginSpec &spec)
{
    if (spec.hasError()) {
        loadErrors.append(spec.errorString());
        plugins.push_back({spec, nullptr, nullptr, {}});
        return false;
    }
    for (const LoadedPlugin &existing : plugins) {
        if (!existing.spec.hasError() && existing.spec.id() == spec.id()) {
            PluginSpec duplicate = spec;
            duplicate.setError(QStringLiteral("%1: provider \"%2\" is already provided by %3")
                                   .arg(spec.fileName(), spec.id(), existing.spec.fileName()));
            loadErrors.append(duplicate.errorString());
            plugins.push_back({duplicate, nullptr, nullptr, {}});
            return false;
        }
    }
    qCDebug(lcPlugins) << "found provider" << spec.id() << spec.version() << "in" << spec.fileName();
    plugins.push_back({spec, nullptr, nullptr, {}});
    return true;
}

bool Runtime::Private::load(LoadedPlugin &plugin)
{
    if (plugin.spec.state() == PluginSpec::State::Loaded)
        return true;
    if (plugin.spec.hasError())
        return false;
    if (!plugin.spec.isDeclarationOnly()) {
        plugin.loader = std::make_unique<QPluginLoader>(plugin.spec.fileName());
        QObject *instance = plugin.loader->instance();
        plugin.provider = qobject_cast<ProviderPlugin *>(instance);
        if (!plugin.provider) {
            plugin.spec.setError(instance
                                     ? QStringLiteral("%1: does not implement %2")
                                           .arg(plugin.spec.fileName(), QLatin1String(ActionNodeProviderPlugin_iid))
                                     : QStringLiteral("%1: cannot be loaded: %2")
                                           .arg(plugin.spec.fileName(), plugin.loader->errorString()));
            loadErrors.append(plugin.spec.errorString());
            for (const QString &id : plugin.spec.actionIds())
                actionProblems.insert(id, plugin.spec.errorString());
            return false;
        }
    }
    restProviders.insert(plugin.spec.id(), RestProvider::fromManifest(plugin.spec.manifest()));
    plugin.checked = CheckedDeclarations::read(plugin.spec.declarationSource(CheckedDeclarations::fileName()));
    plugin.spec.setLoaded();
    qCDebug(lcPlugins) << "loaded provider" << plugin.spec.id();
    return true;
}

void Runtime::Private::loadAction(const LoadedPlugin &plugin, qsizetype index)
{
    const QString id = plugin.spec.actionIds().at(index);
    if (actions.contains(id) || actionProblems.contains(id))
        return;
    const QString resource = plugin.spec.declarationSource(plugin.spec.declarationFiles().at(index));
    const ActionSpec spec = ActionSpecPrivate::fromFile(resource, plugin.checked);
    QString problem;
    if (spec.hasError())
        problem = spec.errorString();
    else if (spec.id() != id || spec.provider() != plugin.spec.id())
        problem = QStringLiteral("%1: declares action \"%2\" of provider \"%3\", but the manifest of %4 says \"%5\"")
                      .arg(resource, spec.id(), spec.provider(), plugin.spec.fileName(), id);
    else
        problem = secretInTemplates(spec, plugin.spec, resource);
    if (!problem.isEmpty()) {
        qCWarning(lcPlugins).noquote() << problem;
        loadErrors.append(problem);
        actionProblems.insert(id, problem);
        return;
    }
    actions.insert(id, spec);
    providerOfAction.insert(id, plugin.provider);
    lastInvoked.reset();
}

void Runtime::Private::loadTrigger(const LoadedPlugin &loaded, qsizetype index)
{
    const PluginSpec &plugin = loaded.spec;
    const QString id = plugin.triggerIds().at(index);
    if (triggers.contains(id) || triggerProblems.contains(id))
        return;
    const QString resource = plugin.declarationSource(plugin.triggerDeclarationFiles().at(index));
    const TriggerSpec spec = TriggerSpecPrivate::fromFile(resource, loaded.checked);
    QString problem;
    if (spec.hasError())
        problem = spec.errorString();
    else if (spec.id() != id || spec.provider() != plugin.id())
        problem = QStringLiteral("%1: declares trigger \"%2\" of provider \"%3\", but the manifest of %4 says \"%5\"")
                      .arg(resource, spec.id(), spec.provider(), plugin.fileName(), id);
    else if (spec.isPolling() && !plugin.actionIds().contains(spec.poll().action))
        problem = QStringLiteral("%1: /poll/action: \"%2\" is not an action of %3")
                      .arg(resource, spec.poll().action, plugin.fileName());
    if (!problem.isEmpty()) {
        qCWarning(lcPlugins).noquote() << problem;
        loadErrors.append(problem);
        triggerProblems.insert(id, problem);
        return;
    }
    triggers.insert(id, spec);
}

QString Runtime::Private::licenseRefusal(const License &license)
{
    if (license.isNull())
        return QStringLiteral("no license is installed");
    if (!license.isValid())
        return QStringLiteral("the license was refused: ") + license.errorString();
    return QStringLiteral("the license of %1 does not include it").arg(license.licensee());
}

QString Runtime::Private::secretInTemplates(const ActionSpec &spec, const PluginSpec &provider, const QString &source)
{
    const Connection settings(provider.id(), provider.connectionSettings());
    for (const QString &setting : ActionSpecPrivate::outputTemplates(spec)->connectionSettings()) {
        if (settings.isSecret(setting))
            return QStringLiteral("%1: /transport/outputTemplates: {connection.%2} is a secret setting; "
                                  "a secret never goes into an output")
                .arg(source, setting);
    }
    return {};
}

void Runtime::Private::loadAll()
{
    for (LoadedPlugin &plugin : plugins) {
        if (!load(plugin))
            continue;
        const qsizetype actionCount = plugin.spec.actionIds().size();
        for (qsizetype i = 0; i < actionCount; ++i)
            loadAction(plugin, i);
        const qsizetype triggerCount = plugin.spec.triggerIds().size();
        for (qsizetype i = 0; i < triggerCount; ++i)
            loadTrigger(plugin, i);
    }
}

Runtime::Private::LoadedPlugin *Runtime::Private::pluginProviding(const QString &actionId)
{
    for (LoadedPlugin &plugin : plugins) {
        if (!plugin.spec.hasError() && plugin.spec.actionIds().contains(actionId))
            return &plugin;
    }
    return nullptr;
}

ActionErrors Runtime::Private::gate(const ActionSpec &spec, const ActionInputs &inputs, const License &license)
{
    ActionErrors errors;
    // Walked in place: lockedFields() would build a list on every invocation.
    for (const FieldSpec &field : ActionSpecPrivate::bundleFields(spec)) {
        if (!license.locks(field.bundleId()) || !inputs.contains(field.key()))
            continue;
        const BundleSpec bundle = spec.bundle(field.bundleId());
        errors.append({bundleRequired, QLatin1Char('/') + field.key(), ErrorRule::Bundle,
                       QStringLiteral("\"%1\" needs the %2 (%3). %4")
                           .arg(field.label(), bundle.title, licenseRefusal(license), bundle.upsell)});
    }
    return errors;
}

Runtime::Private::Preflight Runtime::Private::preflight(const ActionSpec &spec, const ActionInputs &inputs,
                                                        const License &license)
{
    return {ActionSpecPrivate::validate(spec, inputs), gate(spec, inputs, license),
            ActionSpecPrivate::warningsFor(spec, inputs)};
}

ActionInputs Runtime::Private::readBy(const ActionSpec &spec, const ActionInputs &inputs)
{
    const std::shared_ptr<const InvocationPlan> &plan = ActionSpecPrivate::invocationPlan(spec);
    if (!plan || plan->owns(ActionInputsData::of(inputs)))
        return inputs;
    return plan->read(inputs.toJsonObject());
}

Runtime::Runtime(QObject *parent) : QObject(parent), d(new Private) {}

Runtime::~Runtime()
{
    // Actions hold no plugin code, but the providers must go before their loaders.
    d->actions.clear();
    d->providerOfAction.clear();
}

/*
    The paths of \a variable, then <libdir>/actionnode/<subdir> beside this
    library (in the build tree and in any install prefix alike), then
    \a installed.
*/
static QStringList searchPaths(const char *variable, const QString &subdir, const QString &installed)
{
    QStringList paths = qEnvironmentVariable(variable).split(QDir::listSeparator(), Qt::SkipEmptyParts);
    Dl_info info;
    if (dladdr(reinterpret_cast<const void *>(&Runtime::defaultPluginPaths), &info) && info.dli_fname)
        paths.append(QFileInfo(QString::fromLocal8Bit(info.dli_fname)).absolutePath() + QStringLiteral("/actionnode/")
                     + subdir);
    paths.append(installed);
    paths.removeDuplicates();
    return paths;
}

QStringList Runtime::defaultPluginPaths()
{
    return searchPaths("ACTIONNODE_PLUGIN_PATH", QStringLiteral("plugins"),
                       QStringLiteral(ACTIONNODE_INSTALL_PLUGINDIR));
}

QStringList Runtime::defaultDeclarationPaths()
{
    return searchPaths("ACTIONNODE_DECLARATION_PATH", QStringLiteral("providers"),
                       QStringLiteral(ACTIONNODE_INSTALL_PROVIDERDIR));
}

QStringList Runtime::pluginPaths() const
{
    return d->pluginPaths;
}
void Runtime::setPluginPaths(const QStringList &paths)
{
    d->pluginPaths = paths;
}
QStringList Runtime::declarationPaths() const
{
    return d->declarationPaths;
}
void Runtime::setDeclarationPaths(const QStringList &paths)
{
    d->declarationPaths = paths;
}

bool Runtime::addDeclarationDirectory(const QString &directory)
{
    const QString fileName = QDir(directory).absoluteFilePath(QStringLiteral("provider.json"));
    if (std::any_of(d->plugins.begin(), d->plugins.end(),
                    [&](const Private::LoadedPlugin &p) { return p.spec.fileName() == fileName; }))
        return false;
    return d->add(PluginSpec::readDirectory(directory));
}

int Runtime::discoverPlugins()
{
    int found = 0;
    for (const QString &path : std::as_const(d->pluginPaths)) {
        const QDir dir(path);
        const QStringList entries = dir.entryList(QDir::Files, QDir::Name);
        for (const QString &entry : entries) {
            const QString fileName = dir.absoluteFilePath(entry);
            if (!QLibrary::isLibrary(fileName))
                continue;
            if (std::any_of(d->plugins.begin(), d->plugins.end(),
                            [&](const Private::LoadedPlugin &p) { return p.spec.fileName() == fileName; }))
                continue;
            if (d->add(PluginSpec::read(fileName)))
                ++found;
        }
    }
    // A declaration path holds provider directories, or is one itself.
    for (const QString &path : std::as_const(d->declarationPaths)) {
        const QDir dir(path);
        QStringList directories;
        if (dir.exists(QStringLiteral("provider.json")))
            directories.append(dir.absolutePath());
        for (const QString &entry : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
            if (QFileInfo::exists(dir.absoluteFilePath(entry) + QStringLiteral("/provider.json")))
                directories.append(dir.absoluteFilePath(entry));
        }
        for (const QString &directory : std::as_const(directories)) {
            if (addDeclarationDirectory(directory))
                ++found;
        }
    }
    return found;
}

bool Runtime::addPlugin(const QString &fileName)
{
    if (!QFileInfo::exists(fileName)) {
        d->loadErrors.append(QStringLiteral("%1: no such plugin file").arg(fileName));
        return false;
    }
    return d->add(PluginSpec::read(QFileInfo(fileName).absoluteFilePath()));
}

QList<PluginSpec> Runtime::plugins() const
{
    QList<PluginSpec> specs;
    for (const Private::LoadedPlugin &plugin : d->plugins)
        specs.append(plugin.spec);
    return specs;
}

QList<ActionSpec> Runtime::actions()
{
    d->loadAll();
    QList<ActionSpec> list;
    for (const Private::LoadedPlugin &plugin : d->plugins) {
        for (const QString &id : plugin.spec.actionIds()) {
            if (d->actions.contains(id))
                list.append(d->actions.value(id));
        }
    }
    return list;
}

ActionSpec Runtime::action(const QString &id)
{
    // Hosts ask for the action they invoke around each call: the last one is known without a lookup.
    if (d->isLastInvoked(id))
        return d->lastInvoked->spec;
    if (const auto loaded = d->actions.constFind(id); loaded != d->actions.constEnd())
        return *loaded;
    if (!d->actionProblems.contains(id)) {
        Private::LoadedPlugin *plugin = d->pluginProviding(id);
        if (!plugin)
            return ActionSpecPrivate::unavailable(QStringLiteral("unknown action \"%1\"; known actions: %2")
                                                      .arg(id, knownActionIds().join(QStringLiteral(", "))));
        if (d->load(*plugin))
            d->loadAction(*plugin, plugin->spec.actionIds().indexOf(id));
    }
    const auto it = d->actions.constFind(id);
    if (it == d->actions.constEnd())
        return ActionSpecPrivate::unavailable(
            QStringLiteral("action \"%1\" could not be loaded: %2").arg(id, d->actionProblems.value(id)));
    return *it;
}

QString Runtime::actionId(QStringView id) const
{
    if (d->isLastInvoked(id))
        return d->lastInvoked->id;
    return id.toString();
}

QStringList Runtime::knownActionIds() const
{
    QStringList ids;
    for (const Private::LoadedPlugin &plugin : d->plugins) {
        if (!plugin.spec.hasError())
            ids += plugin.spec.actionIds();
    }
    return ids;
}

QStringList Runtime::knownTriggerIds() const
{
    QStringList ids;
    for (const Private::LoadedPlugin &plugin : d->plugins) {
        if (!plugin.spec.hasError())
            ids += plugin.spec.triggerIds();
    }
    return ids;
}

QList<TriggerSpec> Runtime::triggers()
{
    d->loadAll();
    QList<TriggerSpec> list;
    for (const Private::LoadedPlugin &plugin : d->plugins) {
        for (const QString &id : plugin.spec.triggerIds()) {
            if (d->triggers.contains(id))
                list.append(d->triggers.value(id));
        }
    }
    return list;
}

TriggerSpec Runtime::trigger(const QString &id)
{
    if (!d->triggers.contains(id) && !d->triggerProblems.contains(id)) {
        for (Private::LoadedPlugin &plugin : d->plugins) {
            const qsizetype index = plugin.spec.hasError() ? -1 : plugin.spec.triggerIds().indexOf(id);
            if (index >= 0 && d->load(plugin))
                d->loadTrigger(plugin, index);
        }
    }
    const auto it = d->triggers.constFind(id);
    if (it != d->triggers.constEnd())
        return *it;
    if (d->triggerProblems.contains(id))
        return TriggerSpec::unavailable(
            QStringLiteral("trigger \"%1\" could not be loaded: %2").arg(id, d->triggerProblems.value(id)));
    return TriggerSpec::unavailable(QStringLiteral("unknown trigger \"%1\"; known triggers: %2")
                                        .arg(id, knownTriggerIds().join(QStringLiteral(", "))));
}

ActionErrors Runtime::checkTrigger(const QString &id, const QJsonObject &filters, const InvokeOptions &options)
{
    const License &license = d->licenseFor(options);
    const TriggerSpec spec = trigger(id);
    if (spec.hasError())
        return {{ErrorCodes::name(ErrorCode::UnknownTrigger), {}, {}, spec.errorString()}};
    ActionErrors errors = spec.validateFilters(filters);
    const BundleSpec bundle = spec.bundle();
    if (license.locks(bundle.id))
        errors.append({bundleRequired,
                       {},
                       ErrorRule::Bundle,
                       QStringLiteral("The trigger \"%1\" needs the %2 (%3). %4")
                           .arg(spec.title(), bundle.title, Private::licenseRefusal(license), bundle.upsell)});
    return errors;
}

QStringList Runtime::loadErrors() const
{
    return d->loadErrors;
}
License Runtime::license() const
{
    return d->license;
}
void Runtime::setLicense(const License &license)
{
    d->license = license;
}
bool Runtime::honoursRateLimits() const
{
    return d->transport->honoursRateLimits();
}
void Runtime::setHonoursRateLimits(bool enabled)
{
    d->transport->setHonoursRateLimits(enabled);
}
void Runtime::setSharedRateLimits(std::shared_ptr<SharedRateLimits> limits)
{
    d->transport->setSharedRateLimits(std::move(limits));
}

qint64 Runtime::maxPages() const
{
    return d->transport->maxPages();
}
void Runtime::setMaxPages(qint64 pages)
{
    d->transport->setMaxPages(pages);
}
bool Runtime::warningsAsErrors() const
{
    return d->warningsAsErrors;
}
void Runtime::setWarningsAsErrors(bool enabled)
{
    d->warningsAsErrors = enabled;
}

const Runtime::Private::CheckedConnection &Runtime::Private::checkedConnection(const QString &providerId)
{
    const auto it = connections.constFind(providerId);
    if (it != connections.constEnd())
        return *it;
    QJsonArray declared;
    for (const LoadedPlugin &plugin : plugins) {
        if (!plugin.spec.hasError() && plugin.spec.id() == providerId)
            declared = plugin.spec.connectionSettings();
    }
    Connection connection(providerId, declared);
    connection.readEnvironment();
    return *connections.insert(providerId, {connection, connection.problems()});
}

Connection Runtime::connection(const QString &providerId)
{
    return d->checkedConnection(providerId).connection;
}

void Runtime::setConnection(const Connection &connection)
{
    d->connections.insert(connection.providerId(), {connection, connection.problems()});
    d->lastInvoked.reset();
}

ActionErrors Runtime::check(const QString &actionId, const QJsonObject &inputs, const InvokeOptions &options)
{
    InvokeOptions dryRun = options;
    dryRun.dryRun = true;
    // A dry run is finished before invoke() returns.
    return d->call(actionId, ActionInputs(inputs), dryRun, this).result().errors;
}

QFuture<ActionResult> Runtime::invoke(const QString &actionId, const QJsonObject &inputs, const InvokeOptions &options)
{
    return d->call(actionId, ActionInputs(inputs), options, this).future();
}

QFuture<ActionResult> Runtime::invoke(const QString &actionId, const ActionInputs &inputs, const InvokeOptions &options)
{
    return d->call(actionId, inputs, options, this).future();
}

ActionCall Runtime::call(const QString &actionId, const ActionInputs &inputs, const InvokeOptions &options)
{
    return d->call(actionId, inputs, options, this);
}

std::optional<ActionInputs> Runtime::readInputs(const QString &actionId, QByteArrayView json)
{
    const Internal::InvocationPlan *plan = d->invocationPlan(actionId, this);
    return plan ? plan->readJson(json) : std::nullopt;
}

std::optional<ActionInputs> Runtime::readSentInputs(const QString &actionId, const QByteArray &json)
{
    const Internal::InvocationPlan *plan = d->invocationPlan(actionId, this);
    return plan ? plan->readJson(json, &json) : std::nullopt;
}

const Internal::InvocationPlan *Runtime::Private::invocationPlan(const QString &actionId, Runtime *runtime)
{
    // Found as invoke() finds it: a host reading line after line for one action hashes no id.
    QString unavailable;
    const InvokedAction *action = invoked(actionId, runtime, &unavailable);
    return action ? ActionSpecPrivate::invocationPlan(action->spec).get() : nullptr;
}

bool Runtime::Private::isLastInvoked(QStringView actionId) const
{
    /*
        Compared by its characters, not by its address: a QString made with
        fromRawData() keeps the caller's buffer, which may hold another id of
        the same length by the next call. Inline, not QString's comparison,
        which is what stalls where qHash does.
    */
    return lastInvoked && Internal::utf16View(lastInvoked->id) == Internal::utf16View(actionId);
}

Runtime::Private::InvokedAction *Runtime::Private::invoked(const QString &actionId, Runtime *runtime,
                                                           QString *unavailable)
{
    if (isLastInvoked(actionId))
        return &*lastInvoked;
    const ActionSpec spec = runtime->action(actionId);
    if (spec.hasError()) {
        *unavailable = spec.errorString();
        return nullptr;
    }
    // A copy of the characters: a fromRawData() id shares the caller's buffer even when copied.
    lastInvoked = InvokedAction{
        QString(actionId.constData(), actionId.size()), spec, providerOfAction.value(actionId), std::nullopt, {}};
    return &*lastInvoked;
}

std::optional<ActionInputs> Runtime::inputsFor(const QString &actionId)
{
    const ActionSpec spec = action(actionId);
    if (spec.hasError() || !ActionSpecPrivate::invocationPlan(spec))
        return std::nullopt;
    return ActionSpecPrivate::invocationPlan(spec)->emptyInputs();
}

ActionCall Runtime::Private::call(const QString &actionId, const ActionInputs &given, const InvokeOptions &options,
                                  Runtime *runtime)
{
    QString unavailable;
    InvokedAction *action = invoked(actionId, runtime, &unavailable);
    if (!action)
        return ActionCall(ActionResult::failure(ActionResult::Status::ConfigurationError,
                                                {{ErrorCodes::name(ErrorCode::UnknownAction), {}, {}, unavailable}}));
    const ActionSpec spec = action->spec;

    ActionInputs inputs = readBy(spec, given);
    ActionErrors migrationNotes;
    if (!options.savedVersion.isEmpty()) {
        const MigratedInputs migrated = spec.migrateInputs(inputs.toJsonObject(), options.savedVersion);
        if (!migrated.isValid())
            return ActionCall(ActionResult::failure(
                ActionResult::Status::InvalidInput,
                {{ErrorCodes::name(ErrorCode::InvalidInput), {}, ErrorRule::Migration, migrated.errorString}}));
        inputs = readBy(spec, ActionInputs(migrated.inputs));
        for (const QString &change : migrated.changes)
            migrationNotes.append({MigratedCode, {}, ErrorRule::Migration, change});
    }

    // Every problem is reported at once: bad values, locked fields and,
    // when the host asks for it, warnings.
    const Preflight checked = preflight(spec, inputs, licenseFor(options));
    const ActionErrors warnings = migrationNotes + checked.warnings;
    const bool strict = strictFor(options);
    if (!checked.invalid.isEmpty() || (strict && !checked.warnings.isEmpty()))
        return ActionCall(
            ActionResult::failure(ActionResult::Status::InvalidInput, checked.errors(strict), migrationNotes));
    if (!checked.refused.isEmpty())
        return ActionCall(ActionResult::failure(ActionResult::Status::LicenseRefused, checked.refused, warnings));
    if (options.dryRun)
        return ActionCall(ActionResult::success({}, warnings));

    // The connection of the options, checked now, else the runtime's.
    const OutputTemplates *templates = ActionSpecPrivate::outputTemplates(spec);
    const Connection *givenConnection = options.connectionFor(spec.provider());
    if (!givenConnection && !action->connection) {
        action->connection = checkedConnection(spec.provider());
        action->templateSettings = templates->settingsOf(action->connection->connection);
    }
    const CheckedConnection settings = givenConnection
                                           ? CheckedConnection{*givenConnection, givenConnection->problems()}
                                           : *action->connection;
    if (!settings.problems.isEmpty())
        return ActionCall(ActionResult::failure(ActionResult::Status::ConfigurationError, settings.problems));
    const Connection connection = settings.connection;
    // A hidden value that the provider ignores is not sent; its warning says so.
    const ActionInputs sent = ActionSpecPrivate::sentInputs(spec, inputs);
    ProviderPlugin *provider = action->provider;
    ProviderOutcome outcome = provider ? provider->invoke(spec, sent, connection) : ProviderOutcome::declared();

    // Output templates (a join URL) and warnings complete every result.
    const QStringList templateSettings = givenConnection ? templates->settingsOf(*givenConnection)
                                                         : action->templateSettings;
    const auto complete = [](ActionResult &result, const OutputTemplates *templates, const ActionInputs &inputs,
                             const QStringList &templateSettings, const ActionErrors &warnings) {
        if (result.isSuccess() && !templates->isEmpty())
            templates->apply(&result.outputs, inputs, templateSettings);
        if (!warnings.isEmpty())
            result.warnings = warnings + result.warnings;
    };
    switch (outcome.kind) {
    case ProviderOutcome::Kind::Finished:
        // Self-signing finishes at once: completed here, with no continuation.
        complete(outcome.result, templates, inputs, templateSettings, warnings);
        return ActionCall(std::move(outcome.result));
    case ProviderOutcome::Kind::Started: break;
    case ProviderOutcome::Kind::Declared:
        if (const std::shared_ptr<const RestDeclaration> &rest = ActionSpecPrivate::restDeclaration(spec)) {
            const RestProvider &restProvider = restProviders[spec.provider()];
            outcome.future = options.allPages
                                 ? transport->invokeAllPages(rest, restProvider, spec.provider(), sent, connection,
                                                             options.allPages)
                                 : transport->invoke(rest, restProvider, spec.provider(), sent, connection);
            break;
        }
        return ActionCall(ActionResult::failure(
            ActionResult::Status::ConfigurationError,
            {{ErrorCodes::name(ErrorCode::NoTransport),
              {},
              {},
              QStringLiteral("%1 declares no transport.rest and its provider does not run it").arg(actionId)}}));
    }
    if (templates->isEmpty() && warnings.isEmpty())
        return ActionCall(*outcome.future);
    // The spec is captured to keep its templates alive until the result arrives.
    return ActionCall(
        outcome.future->then([complete, spec, templates, inputs, templateSettings, warnings](ActionResult result) {
            complete(result, templates, inputs, templateSettings, warnings);
            return result;
        }));
}

} // namespace ActionNode
