#include "exportsource.h"

#include <actionnode/metadatarenderer.h>
#include <actionnode/session.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

// The packages' fixed files are compiled into ActionNodeHosts, a static library,
// whose resources are registered only when asked for (outside any namespace).
static void registerExportResources()
{
    Q_INIT_RESOURCE(actionnode_exports);
}

namespace ActionNode {

namespace {

QString sentence(const QString &text)
{
    QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return trimmed;
    trimmed[0] = trimmed.at(0).toUpper();
    if (!trimmed.endsWith(QLatin1Char('.')) && !trimmed.endsWith(QLatin1Char('?'))
        && !trimmed.endsWith(QLatin1Char('!')))
        trimmed += QLatin1Char('.');
    return trimmed;
}

QString valueText(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', 16);
    return QString::fromUtf8(QJsonDocument::fromVariant(value.toVariant()).toJson(QJsonDocument::Compact));
}

} // namespace

bool ExportSource::read(const Session &session, const BuilderExportOptions &options, ExportSource *source,
                        QString *errorString)
{
    *source = {};
    Runtime *runtime = session.runtime();
    const License noLicense;
    for (const ActionSpec &spec : runtime->actions()) {
        if (!options.provider.isEmpty() && spec.provider() != options.provider)
            continue;
        if (!source->providers.contains(spec.provider()))
            source->providers.append(spec.provider());
        source->actions.append({spec, MetadataRenderer::toJson(spec, noLicense)});
    }
    for (const TriggerSpec &spec : runtime->triggers()) {
        if (!options.provider.isEmpty() && spec.provider() != options.provider)
            continue;
        if (!source->providers.contains(spec.provider()))
            source->providers.append(spec.provider());
        source->triggers.append({spec, MetadataRenderer::toJson(spec, noLicense)});
    }
    for (const QString &provider : std::as_const(source->providers)) {
        const Connection connection = runtime->connection(provider);
        QList<AccountSetting> &settings = source->accountSettings[provider];
        for (const QString &key : connection.keys()) {
            if (connection.isAccountSetting(key))
                settings.append({key, connection.isSecret(key)});
        }
    }
    if (source->providers.isEmpty()) {
        QStringList loaded;
        for (const ActionSpec &spec : runtime->actions()) {
            if (!loaded.contains(spec.provider()))
                loaded.append(spec.provider());
        }
        *errorString = options.provider.isEmpty() ? QStringLiteral("no provider is loaded: there is nothing to export")
                                                  : QStringLiteral("provider \"%1\" is not loaded (loaded: %2)")
                                                        .arg(options.provider, loaded.join(QStringLiteral(", ")));
        return false;
    }
    return true;
}

const ExportSource::Action *ExportSource::action(const QString &id) const
{
    for (const Action &candidate : actions) {
        if (candidate.spec.id() == id)
            return &candidate;
    }
    return nullptr;
}

QString ExportSource::fieldNote(const QJsonObject &field)
{
    QStringList parts;
    parts.append(sentence(field.value(QLatin1String("description")).toString()));
    const QJsonObject constraints = field.value(QLatin1String("constraints")).toObject();
    const auto characters = [](int count) {
        return count == 1 ? QStringLiteral("1 character") : QStringLiteral("%1 characters").arg(count);
    };
    if (constraints.contains(QLatin1String("minLength")))
        parts.append(
            QStringLiteral("At least %1.").arg(characters(constraints.value(QLatin1String("minLength")).toInt())));
    if (constraints.contains(QLatin1String("maxLength")))
        parts.append(
            QStringLiteral("At most %1.").arg(characters(constraints.value(QLatin1String("maxLength")).toInt())));
    if (constraints.contains(QLatin1String("minimum")))
        parts.append(QStringLiteral("At least %1.").arg(valueText(constraints.value(QLatin1String("minimum")))));
    if (constraints.contains(QLatin1String("maximum")))
        parts.append(QStringLiteral("At most %1.").arg(valueText(constraints.value(QLatin1String("maximum")))));
    if (field.contains(QLatin1String("default")))
        parts.append(QStringLiteral("Default: %1.").arg(valueText(field.value(QLatin1String("default")))));
    if (const QString shown = field.value(QLatin1String("visibleWhenText")).toString(); !shown.isEmpty())
        parts.append(sentence(shown));
    if (const QJsonObject bundle = field.value(QLatin1String("bundle")).toObject(); !bundle.isEmpty())
        parts.append(QStringLiteral("Needs the %1: the host refuses this field without a licence that holds it.")
                         .arg(bundle.value(QLatin1String("title")).toString()));
    parts.removeAll(QString());
    return parts.join(QLatin1Char(' '));
}

QList<QJsonObject> ExportSource::fields(const QJsonObject &metadata)
{
    QList<QJsonObject> list;
    for (const QJsonValue &group : metadata.value(QLatin1String("groups")).toArray()) {
        for (const QJsonValue &field : group.toObject().value(QLatin1String("fields")).toArray())
            list.append(field.toObject());
    }
    return list;
}

QString ExportSource::rulesText(const Action &action)
{
    QStringList parts;
    if (const QString conditions = MetadataRenderer::conditionsText(action.spec); !conditions.isEmpty())
        parts.append(conditions);
    QStringList locked;
    for (const QJsonObject &field : fields(action.metadata)) {
        if (field.value(QLatin1String("locked")).toBool())
            locked.append(
                QStringLiteral("%1 (needs the %2)")
                    .arg(field.value(QLatin1String("key")).toString(),
                         field.value(QLatin1String("bundle")).toObject().value(QLatin1String("title")).toString()));
    }
    if (!locked.isEmpty())
        parts.append(QStringLiteral("Locked without a bundle licence: %1.").arg(locked.join(QStringLiteral("; "))));
    QStringList warnings;
    for (const QJsonValue &warning : action.metadata.value(QLatin1String("warnings")).toArray())
        warnings.append(sentence(warning.toObject().value(QLatin1String("message")).toString()));
    if (!warnings.isEmpty())
        parts.append(QStringLiteral("Warnings the host may answer with: %1").arg(warnings.join(QLatin1Char(' '))));
    return parts.join(QStringLiteral("\n\n"));
}

QString ExportSource::keyOf(const QString &id)
{
    return QString(id).replace(QLatin1Char('.'), QLatin1Char('_'));
}

QString ExportSource::jsonLiteral(const QJsonValue &value)
{
    // JSON text of a one-element array without its brackets: QJsonDocument writes no bare value.
    return QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact).mid(1).chopped(1));
}

QString ExportSource::packageName(const BuilderExportOptions &options, const QString &conventional)
{
    if (!options.packageName.isEmpty())
        return options.packageName;
    return options.provider.isEmpty() ? conventional : conventional + QLatin1Char('-') + options.provider;
}

bool ExportSource::isChoiceList(const QJsonObject &field)
{
    return field.value(QLatin1String("type")).toString() == QLatin1String("List")
           && !field.value(QLatin1String("options")).toArray().isEmpty();
}

QString ExportSource::packageLicense()
{
    return QStringLiteral("UNLICENSED");
}

QByteArray ExportSource::resource(const QString &path)
{
    static const bool registered = (registerExportResources(), true);
    Q_UNUSED(registered);
    QFile file(QStringLiteral(":/actionnode/exports/") + path);
    // Compiled in: a missing one is a build mistake, caught by every export's golden test.
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace ActionNode
