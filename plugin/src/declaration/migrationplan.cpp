#include "migrationplan.h"

#include <QJsonDocument>
#include <QVersionNumber>

namespace ActionNode::Internal {

namespace {

// A value as a change names it: JSON, cut short (saved inputs may hold anything).
QString valueText(const QJsonValue &value)
{
    const QString text =
        QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
    constexpr int limit = 80;
    if (text.size() <= limit)
        return text;
    return text.left(text.at(limit - 1).isHighSurrogate() ? limit - 1 : limit) + QStringLiteral("…");
}

QString stepField(const QJsonObject &step, QString *member)
{
    for (const char *kind : {"rename", "mapValue", "drop", "setDefault"}) {
        if (step.contains(QLatin1String(kind))) {
            *member = QLatin1String(kind);
            return step.value(QLatin1String(kind)).toString();
        }
    }
    return {};
}

} // namespace

bool MigrationPlan::isOlder(const QString &left, const QString &right)
{
    return QVersionNumber::fromString(left) < QVersionNumber::fromString(right);
}

QString MigrationPlan::compile(const QJsonArray &migrations, const QString &version, const QSet<QString> &inputKeys)
{
    m_migrations = migrations;
    m_version = version;
    for (qsizetype m = 0; m < migrations.size(); ++m) {
        const QJsonObject migration = migrations.at(m).toObject();
        const QString from = migration.value(QLatin1String("from")).toString();
        const QString to = migration.value(QLatin1String("to")).toString();
        if (!isOlder(from, to))
            return QStringLiteral("/migrations/%1/to: %2 is not newer than %3").arg(m).arg(to, from);
        const QString next = m + 1 < migrations.size()
                                 ? migrations.at(m + 1).toObject().value(QLatin1String("from")).toString()
                                 : version;
        if (to != next)
            return QStringLiteral("/migrations/%1/to: %2 does not lead to %3 (%4)")
                .arg(m)
                .arg(to, next,
                     m + 1 < migrations.size() ? QStringLiteral("the next migration's from")
                                               : QStringLiteral("the declaration's version"));
    }
    // From the newest step back: which fields exist where each step applies.
    QSet<QString> known = inputKeys;
    for (qsizetype m = migrations.size() - 1; m >= 0; --m) {
        const QJsonArray steps = migrations.at(m).toObject().value(QLatin1String("steps")).toArray();
        for (qsizetype s = steps.size() - 1; s >= 0; --s) {
            const QJsonObject step = steps.at(s).toObject();
            QString member;
            const QString key = stepField(step, &member);
            const QString pointer = QStringLiteral("/migrations/%1/steps/%2/").arg(m).arg(s);
            if (member == QLatin1String("rename")) {
                const QString to = step.value(QLatin1String("to")).toString();
                if (!known.contains(to))
                    return pointer
                           + QStringLiteral("to: \"%1\" is not a field of version %2")
                                 .arg(to, migrations.at(m).toObject().value(QLatin1String("to")).toString());
                if (known.contains(key))
                    return pointer + QStringLiteral("rename: \"%1\" is still a field after the rename").arg(key);
                known.remove(to);
                known.insert(key);
            } else if (member == QLatin1String("drop") && !step.contains(QLatin1String("whenValue"))) {
                if (known.contains(key))
                    return pointer + QStringLiteral("drop: \"%1\" is still a field after it is dropped").arg(key);
                known.insert(key);
            } else if (!known.contains(key)) {
                return pointer
                       + QStringLiteral("%1: \"%2\" is not a field of version %3")
                             .arg(member, key, migrations.at(m).toObject().value(QLatin1String("to")).toString());
            }
        }
    }
    return {};
}

QStringList MigrationPlan::versions() const
{
    QStringList versions;
    for (const QJsonValue &migration : m_migrations)
        versions.append(migration.toObject().value(QLatin1String("from")).toString());
    return versions;
}

MigratedInputs MigrationPlan::apply(const QJsonObject &inputs, const QString &savedVersion) const
{
    MigratedInputs result{savedVersion, m_version, inputs, {}, {}};
    if (savedVersion == m_version)
        return result;
    qsizetype first = 0;
    while (first < m_migrations.size()
           && m_migrations.at(first).toObject().value(QLatin1String("from")).toString() != savedVersion)
        ++first;
    if (first == m_migrations.size()) {
        result.inputs = {};
        if (QVersionNumber::fromString(savedVersion).isNull())
            result.errorString =
                QStringLiteral("\"%1\" is not a version (major.minor.patch, e.g. 1.0.0)").arg(savedVersion);
        else if (isOlder(m_version, savedVersion))
            result.errorString = QStringLiteral(
                                     "the inputs were saved for version %1, newer than this declaration's %2; "
                                     "update actionnode or its provider plugin")
                                     .arg(savedVersion, m_version);
        else
            result.errorString = QStringLiteral("inputs saved for version %1 cannot be migrated to version %2: %3")
                                     .arg(savedVersion, m_version,
                                          m_migrations.isEmpty() ? QStringLiteral("the declaration has no migrations")
                                                                 : QStringLiteral("migrations start from ")
                                                                       + versions().join(QStringLiteral(", ")));
        return result;
    }
    QJsonObject &migrated = result.inputs;
    for (qsizetype m = first; m < m_migrations.size(); ++m) {
        const QJsonObject migration = m_migrations.at(m).toObject();
        const QString prefix = QStringLiteral("%1 → %2: ")
                                   .arg(migration.value(QLatin1String("from")).toString(),
                                        migration.value(QLatin1String("to")).toString());
        for (const QJsonValue &stepValue : migration.value(QLatin1String("steps")).toArray()) {
            const QJsonObject step = stepValue.toObject();
            QString member;
            const QString key = stepField(step, &member);
            const bool present = migrated.contains(key);
            if (member == QLatin1String("rename") && present) {
                const QString to = step.value(QLatin1String("to")).toString();
                if (migrated.contains(to)) {
                    result.inputs = {};
                    result.errorString = QStringLiteral("inputs saved for version %1 set both \"%2\" and \"%3\", which "
                                                        "version %4 merges into \"%3\"; keep one")
                                             .arg(savedVersion, key, to, m_version);
                    return result;
                }
                migrated.insert(to, migrated.take(key));
                result.changes.append(prefix + QStringLiteral("renamed \"%1\" to \"%2\"").arg(key, to));
            } else if (member == QLatin1String("mapValue") && present
                       && migrated.value(key) == step.value(QLatin1String("from"))) {
                migrated.insert(key, step.value(QLatin1String("to")));
                result.changes.append(prefix
                                      + QStringLiteral("changed \"%1\" from %2 to %3")
                                            .arg(key, valueText(step.value(QLatin1String("from"))),
                                                 valueText(step.value(QLatin1String("to")))));
            } else if (member == QLatin1String("drop") && present
                       && (!step.contains(QLatin1String("whenValue"))
                           || step.value(QLatin1String("whenValue")).toArray().contains(migrated.value(key)))) {
                const QJsonValue dropped = migrated.take(key);
                result.changes.append(
                    prefix
                    + QStringLiteral("removed \"%1\" (was %2): %3")
                          .arg(key, valueText(dropped), step.value(QLatin1String("note")).toString()));
            } else if (member == QLatin1String("setDefault") && !present) {
                migrated.insert(key, step.value(QLatin1String("value")));
                result.changes.append(prefix
                                      + QStringLiteral("set \"%1\", which was not set, to %2")
                                            .arg(key, valueText(step.value(QLatin1String("value")))));
            }
        }
    }
    return result;
}

} // namespace ActionNode::Internal

namespace ActionNode {

QJsonObject MigratedInputs::toJson() const
{
    if (!isValid())
        return {{QStringLiteral("error"), errorString}};
    return {{QStringLiteral("from"), fromVersion},
            {QStringLiteral("to"), toVersion},
            {QStringLiteral("inputs"), inputs},
            {QStringLiteral("changes"), QJsonArray::fromStringList(changes)}};
}

} // namespace ActionNode
