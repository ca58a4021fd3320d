#include <actionnode/pluginspec.h>
#include <actionnode/boundedfile.h>
#include <actionnode/sdk/providerplugin.h>

#include "builtinschema.h"
#include "jsonschema.h"

#include <QDir>
#include <QJsonDocument>
#include <QPluginLoader>

namespace ActionNode {

using namespace Internal;

class PluginSpecData : public QSharedData
{
public:
    PluginSpec::State state = PluginSpec::State::Invalid;
    QString errorString;
    QString fileName;
    QJsonObject manifest;
    QString declarationDirectory; //!< set for a provider without a plugin library
};

namespace {

const JsonSchema &providerSchema()
{
    return builtInSchema(QStringLiteral(":/actionnode/provider.schema.json"));
}

// "<file>: <pointer>: <reason>" of the first problem of \a manifest, or empty.
QString manifestProblem(const QJsonObject &manifest, const QString &fileName)
{
    const QList<JsonSchema::Violation> violations = providerSchema().validate(manifest);
    if (violations.isEmpty())
        return {};
    return QStringLiteral("%1: the provider manifest is invalid: %2: %3")
        .arg(fileName, violations.constFirst().location(), JsonSchema::summary(violations));
}

} // namespace

PluginSpec::PluginSpec() : d(new PluginSpecData) {}
PluginSpec::PluginSpec(const PluginSpec &other) = default;
PluginSpec &PluginSpec::operator=(const PluginSpec &other) = default;
PluginSpec::~PluginSpec() = default;

PluginSpec PluginSpec::read(const QString &fileName)
{
    QPluginLoader loader(fileName);
    const QJsonObject metaData = loader.metaData();
    if (metaData.isEmpty()) {
        PluginSpec spec;
        spec.d->fileName = fileName;
        spec.setError(QStringLiteral("%1: not a Qt plugin (%2)").arg(fileName, loader.errorString()));
        return spec;
    }
    return fromMetaData(metaData, fileName);
}

PluginSpec PluginSpec::fromMetaData(const QJsonObject &metaData, const QString &fileName)
{
    PluginSpec spec;
    spec.d->fileName = fileName;
    spec.d->manifest = metaData.value(QLatin1String("MetaData")).toObject();
    const QString iid = metaData.value(QLatin1String("IID")).toString();
    if (iid != QLatin1String(ActionNodeProviderPlugin_iid)) {
        spec.setError(QStringLiteral("%1: incompatible plugin: interface \"%2\", expected \"%3\"")
                          .arg(fileName, iid, QLatin1String(ActionNodeProviderPlugin_iid)));
        return spec;
    }
    if (const QString problem = manifestProblem(spec.d->manifest, fileName); !problem.isEmpty())
        spec.setError(problem);
    else
        spec.d->state = State::Read;
    return spec;
}

PluginSpec PluginSpec::readDirectory(const QString &directory)
{
    PluginSpec spec;
    const QString fileName = QDir(directory).absoluteFilePath(QStringLiteral("provider.json"));
    spec.d->fileName = fileName;
    spec.d->declarationDirectory = QDir(directory).absolutePath();
    QString errorString;
    const std::optional<QByteArray> text = BoundedFile::read(fileName, BoundedFile::maxDeclarationBytes, &errorString);
    if (!text) {
        spec.setError(errorString);
        return spec;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(*text, &parseError);
    if (!document.isObject()) {
        spec.setError(
            QStringLiteral("%1: not a JSON object%2")
                .arg(fileName,
                     parseError.error != QJsonParseError::NoError
                         ? QStringLiteral(" (%1 at offset %2)").arg(parseError.errorString()).arg(parseError.offset)
                         : QString()));
        return spec;
    }
    spec.d->manifest = document.object();
    if (const QString problem = manifestProblem(spec.d->manifest, fileName); !problem.isEmpty())
        spec.setError(problem);
    else
        spec.d->state = State::Read;
    return spec;
}

bool PluginSpec::isDeclarationOnly() const
{
    return !d->declarationDirectory.isEmpty();
}

QString PluginSpec::declarationSource(const QString &declarationFile) const
{
    if (isDeclarationOnly())
        return QDir(d->declarationDirectory).absoluteFilePath(declarationFile);
    return QStringLiteral(":/actionnode/%1/%2").arg(id(), declarationFile);
}

PluginSpec::State PluginSpec::state() const
{
    return d->state;
}
bool PluginSpec::hasError() const
{
    return !d->errorString.isEmpty();
}
QString PluginSpec::errorString() const
{
    return d->errorString;
}
QString PluginSpec::fileName() const
{
    return d->fileName;
}

static QString manifestString(const QJsonObject &manifest, const char *key)
{
    return manifest.value(QLatin1String(key)).toString();
}

// The \a key of every entry of the manifest's \a list ("triggers"), in order.
static QStringList entryValues(const QJsonObject &manifest, const char *list, const char *key)
{
    QStringList values;
    for (const QJsonValue &entry : manifest.value(QLatin1String(list)).toArray())
        values.append(entry.toObject().value(QLatin1String(key)).toString());
    return values;
}

QString PluginSpec::id() const
{
    return manifestString(d->manifest, "id");
}
QString PluginSpec::name() const
{
    return manifestString(d->manifest, "name");
}
QString PluginSpec::version() const
{
    return manifestString(d->manifest, "version");
}
QString PluginSpec::vendor() const
{
    return manifestString(d->manifest, "vendor");
}
QJsonArray PluginSpec::connectionSettings() const
{
    return d->manifest.value(QLatin1String("connection")).toArray();
}

QStringList PluginSpec::actionIds() const
{
    QStringList ids;
    for (const QJsonValue &action : d->manifest.value(QLatin1String("actions")).toArray())
        ids.append(action.toObject().value(QLatin1String("id")).toString());
    return ids;
}

QStringList PluginSpec::declarationFiles() const
{
    QStringList files;
    for (const QJsonValue &action : d->manifest.value(QLatin1String("actions")).toArray())
        files.append(action.toObject().value(QLatin1String("declaration")).toString());
    return files;
}

QStringList PluginSpec::triggerIds() const
{
    return entryValues(d->manifest, "triggers", "id");
}

QStringList PluginSpec::triggerDeclarationFiles() const
{
    return entryValues(d->manifest, "triggers", "declaration");
}

QJsonObject PluginSpec::manifest() const
{
    return d->manifest;
}

void PluginSpec::setLoaded()
{
    d->state = State::Loaded;
}

void PluginSpec::setError(const QString &errorString)
{
    d->state = State::Invalid;
    d->errorString = errorString;
}

} // namespace ActionNode
