#include <actionnode/connection.h>
#include <actionnode/boundedfile.h>
#include <actionnode/errorcodes.h>

#include <QHash>
#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>
#include <atomic>

namespace ActionNode {

namespace {

quint64 nextRevision()
{
    static std::atomic<quint64> last{0};
    return ++last;
}

// One state of the settings: a copy is about to be changed, so it draws a revision of its own.
struct Revision
{
    Revision() = default;
    Revision(const Revision &) : value(nextRevision()) {}
    Revision &operator=(const Revision &)
    {
        value = nextRevision();
        return *this;
    }

    quint64 value = nextRevision();
};

} // namespace

class ConnectionData : public QSharedData
{
public:
    void changed() { revision.value = nextRevision(); }

    Revision revision;
    QString providerId;
    QJsonArray declared;
    // Read off declared once: an unset setting's default is asked for on every invocation.
    QHash<QString, QString> defaults;
    QHash<QString, QString> values;

    QJsonObject setting(const QString &key) const
    {
        for (const QJsonValue &value : declared) {
            if (value.toObject().value(QLatin1String("key")).toString() == key)
                return value.toObject();
        }
        return {};
    }
};

Connection::Connection() : d(new ConnectionData) {}

Connection::Connection(const QString &providerId, const QJsonArray &declared) : d(new ConnectionData)
{
    d->providerId = providerId;
    d->declared = declared;
    for (const QJsonValue &value : declared) {
        const QJsonObject setting = value.toObject();
        const QString defaultValue = setting.value(QLatin1String("default")).toString();
        const QString key = setting.value(QLatin1String("key")).toString();
        // The first declaration of a key counts, as it does for every other reader of declared.
        if (!defaultValue.isEmpty() && !d->defaults.contains(key))
            d->defaults.insert(key, defaultValue);
    }
}

Connection::Connection(const Connection &other) = default;
Connection &Connection::operator=(const Connection &other) = default;
Connection::~Connection() = default;

quint64 Connection::revision() const
{
    return d->revision.value;
}

QString Connection::providerId() const
{
    return d->providerId;
}

QString Connection::value(const QString &key) const
{
    const auto it = d->values.constFind(key);
    if (it != d->values.constEnd())
        return *it;
    return d->defaults.value(key);
}

bool Connection::hasValue(const QString &key) const
{
    return !value(key).isEmpty();
}

void Connection::setValue(const QString &key, const QString &value)
{
    d->values.insert(key, value);
    d->changed();
}

bool Connection::isSecret(const QString &key) const
{
    return d->setting(key).value(QLatin1String("secret")).toBool();
}

bool Connection::isAccountSetting(const QString &key) const
{
    return d->setting(key).value(QLatin1String("account")).toBool();
}

QStringList Connection::keys() const
{
    QStringList keys;
    for (const QJsonValue &value : d->declared)
        keys.append(value.toObject().value(QLatin1String("key")).toString());
    return keys;
}

void Connection::readEnvironment(const QProcessEnvironment &environment)
{
    for (const QJsonValue &value : d->declared) {
        const QJsonObject setting = value.toObject();
        const QString variable = setting.value(QLatin1String("env")).toString();
        if (!variable.isEmpty() && environment.contains(variable))
            d->values.insert(setting.value(QLatin1String("key")).toString(), environment.value(variable));
    }
    d->changed();
}

bool Connection::readFile(const QString &fileName, QString *errorString)
{
    const std::optional<QByteArray> text = BoundedFile::read(fileName, BoundedFile::maxConnectionBytes, errorString);
    if (!text)
        return false;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(*text, &parseError);
    if (!document.isObject()) {
        *errorString = QStringLiteral("%1: not a JSON object%2")
                           .arg(fileName, parseError.error == QJsonParseError::NoError
                                              ? QString()
                                              : QStringLiteral(": ") + parseError.errorString());
        return false;
    }
    QJsonObject settings = document.object();
    // A file may hold the settings of several providers, keyed by provider id.
    if (settings.value(d->providerId).isObject())
        settings = settings.value(d->providerId).toObject();
    else if (!settings.isEmpty()
             && std::all_of(settings.begin(), settings.end(), [](const QJsonValue &v) { return v.isObject(); }))
        return true; // only other providers' sections
    const QString hint = QStringLiteral(" (a file for several providers keys each one's settings by its id: "
                                        "{\"%1\": {...}})")
                             .arg(d->providerId);
    return readSettings(settings, fileName, hint, AnySetting, errorString);
}

bool Connection::setAccount(const QJsonObject &settings, const QString &source, QString *errorString)
{
    if (!readSettings(settings, source, {}, AccountSettingsOnly, errorString))
        return false;
    // The operator's account settings go, even those the caller leaves out: a
    // caller's key is never paired with the operator's domain.
    for (const QString &key : keys()) {
        if (isAccountSetting(key) && !settings.contains(key))
            d->values.remove(key);
    }
    d->changed();
    return true;
}

bool Connection::readSettings(const QJsonObject &settings, const QString &source, const QString &unknownKeyHint,
                              Scope scope, QString *errorString)
{
    const QStringList known = keys();
    // Every member is checked before any is taken, so that a refused object changes nothing.
    for (auto it = settings.begin(); it != settings.end(); ++it) {
        if (!known.contains(it.key())) {
            *errorString = QStringLiteral("%1: \"%2\" is not a %3 connection setting; known settings are: %4%5")
                               .arg(source, it.key(), d->providerId, known.join(QStringLiteral(", ")), unknownKeyHint);
            return false;
        }
        if (scope == AccountSettingsOnly && !isAccountSetting(it.key())) {
            QStringList account = known;
            account.removeIf([this](const QString &key) { return !isAccountSetting(key); });
            *errorString = QStringLiteral("%1: \"%2\" is not a setting of the %3 account but the operator's (the "
                                          "base URL, CA file and timeouts stay the host's); a connection sent with a "
                                          "call may set only: %4")
                               .arg(source, it.key(), d->providerId, account.join(QStringLiteral(", ")));
            return false;
        }
        if (!it.value().isString() && !it.value().isDouble() && !it.value().isBool()) {
            *errorString = QStringLiteral("%1: \"%2\" must be text").arg(source, it.key());
            return false;
        }
    }
    for (auto it = settings.begin(); it != settings.end(); ++it)
        d->values.insert(it.key(), it.value().isString() ? it.value().toString() : it.value().toVariant().toString());
    d->changed();
    return true;
}

namespace {

bool hasControlCharacter(const QString &text)
{
    return std::any_of(text.cbegin(), text.cend(),
                       [](QChar c) { return c.unicode() < 0x20 || (c.unicode() >= 0x7f && c.unicode() < 0xa0); });
}

// Where a person changes a setting, for messages: "DAILY_API_KEY or the connection's api_key".
QString whereSet(const QString &key, const QJsonObject &setting)
{
    const QString variable = setting.value(QLatin1String("env")).toString();
    const QString inFile = QStringLiteral("the connection's %1").arg(key);
    return variable.isEmpty() ? inFile : variable + QStringLiteral(" or ") + inFile;
}

} // namespace

ActionErrors Connection::problems() const
{
    // Only values set from outside: defaults come from the manifest. The
    // runtime checks a connection once, when it is set or first read.
    const QString connectionError = ErrorCodes::name(ErrorCode::ConnectionError);
    ActionErrors errors;
    for (auto it = d->values.cbegin(); it != d->values.cend(); ++it) {
        if (!hasControlCharacter(*it))
            continue;
        errors.append({connectionError,
                       it.key(),
                       {},
                       QStringLiteral("holds a control character such as a line break (value not shown); check %1")
                           .arg(whereSet(it.key(), d->setting(it.key())))});
    }
    // The manifest's constraints: "required" settings have a value, "enum" and "pattern" ones an allowed one.
    for (const QJsonValue &declared : std::as_const(d->declared)) {
        const QJsonObject setting = declared.toObject();
        const bool required = setting.value(QLatin1String("required")).toBool();
        const QJsonArray allowed = setting.value(QLatin1String("enum")).toArray();
        const QString pattern = setting.value(QLatin1String("pattern")).toString();
        if (!required && allowed.isEmpty() && pattern.isEmpty())
            continue;
        const QString key = setting.value(QLatin1String("key")).toString();
        const QString current = value(key);
        if (current.isEmpty()) {
            if (required)
                errors.append({connectionError, key, QStringLiteral("required"),
                               QStringLiteral("not set: it is required; set %1").arg(whereSet(key, setting))});
            continue;
        }
        // The value is quoted only when that is safe: never a secret, a line break or a megabyte.
        constexpr qsizetype maxShown = 64;
        const bool shown = !setting.value(QLatin1String("secret")).toBool() && !hasControlCharacter(current)
                           && current.size() <= maxShown;
        const QString quoted = shown ? QLatin1Char('"') + current + QLatin1Char('"') : QStringLiteral("the value");
        if (!pattern.isEmpty() && !QRegularExpression(pattern).match(current).hasMatch()) {
            errors.append(
                {connectionError, key, QStringLiteral("pattern"),
                 QStringLiteral("%1 does not match %2; set %3").arg(quoted, pattern, whereSet(key, setting))});
            continue;
        }
        if (allowed.isEmpty() || allowed.contains(current))
            continue;
        QStringList names;
        for (const QJsonValue &name : allowed)
            names.append(name.toString());
        errors.append({connectionError, key, QStringLiteral("enum"),
                       QStringLiteral("%1 is not one of %2; set %3")
                           .arg(quoted, names.join(QStringLiteral(", ")), whereSet(key, setting))});
    }
    std::stable_sort(errors.begin(), errors.end(),
                     [](const ActionError &a, const ActionError &b) { return a.field < b.field; });
    return errors;
}

QJsonObject Connection::toRedactedJson() const
{
    QJsonObject json;
    for (const QString &key : keys()) {
        if (isSecret(key))
            json.insert(key, hasValue(key) ? QStringLiteral("<set>") : QStringLiteral("<unset>"));
        else
            json.insert(key, value(key));
    }
    return json;
}

} // namespace ActionNode
