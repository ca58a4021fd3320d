#include "signalwirereference.h"

#include "charactercount.h"
#include "rfc3339.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <optional>

namespace ActionNode {

namespace {

enum class Kind { Text, Integer, Boolean, Object, TextList, Time };

struct Rule
{
    const char *name;
    Kind kind;
    bool required = false;
    int maxLength = 0; //!< characters of a text, or of an object as compact JSON
    std::optional<qint64> minimum = std::nullopt;
    std::optional<qint64> maximum = std::nullopt;
    QStringList allowed = {};
    bool namePattern = false; //!< ^[A-Za-z0-9_-]+$
};

const QList<Rule> &rulesOf(SignalWireReference::Body body)
{
    static const QList<Rule> roomToken{
        {"room_name", Kind::Text, true, 100, {}, {}, {}, true},
        {"user_name", Kind::Text, false, 100},
        {"permissions", Kind::TextList},
        {"join_from", Kind::Time},
        {"join_until", Kind::Time},
        {"remove_at", Kind::Time},
        {"remove_after_seconds_elapsed", Kind::Integer, false, 0, {}, 200000},
        {"join_audio_muted", Kind::Boolean},
        {"join_video_muted", Kind::Boolean},
        {"auto_create_room", Kind::Boolean},
        {"enable_room_previews", Kind::Boolean},
        {"room_display_name", Kind::Text, false, 200},
        {"end_room_session_on_leave", Kind::Boolean},
        {"join_as", Kind::Text, false, 0, {}, {}, {QStringLiteral("member"), QStringLiteral("audience")}},
        {"media_allowed",
         Kind::Text,
         false,
         0,
         {},
         {},
         {QStringLiteral("all"), QStringLiteral("video-only"), QStringLiteral("audio-only")}},
        {"room_meta", Kind::Object, false, 2000},
        {"meta", Kind::Object, false, 2000},
        {"sync_audio_video", Kind::Boolean},
    };
    // Create room's page; update room's page lists the same properties but the name.
    static const QList<Rule> roomProperties{
        {"display_name", Kind::Text, false, 200},
        {"description", Kind::Text, false, 3000},
        {"max_members", Kind::Integer, false, 0, 1, 300},
        {"quality", Kind::Text, false, 0, {}, {}, {QStringLiteral("720p"), QStringLiteral("1080p")}},
        {"join_from", Kind::Time},
        {"join_until", Kind::Time},
        {"remove_at", Kind::Time},
        {"remove_after_seconds_elapsed", Kind::Integer, false, 0, 1, 200000},
        {"layout", Kind::Text},
        {"record_on_start", Kind::Boolean},
        {"enable_room_previews", Kind::Boolean},
        {"meta", Kind::Object, false, 2000},
        {"sync_audio_video", Kind::Boolean},
    };
    static const QList<Rule> createRoom = QList<Rule>{{"name", Kind::Text, true, 100, {}, {}, {}, true}}
                                          + roomProperties;
    switch (body) {
    case SignalWireReference::Body::RoomToken: return roomToken;
    case SignalWireReference::Body::CreateRoom: return createRoom;
    case SignalWireReference::Body::UpdateRoom: return roomProperties;
    }
    return roomProperties;
}

// The validator's words for what is wrong with \a value, or nothing.
std::optional<QString> problemOf(const Rule &rule, const QJsonValue &value)
{
    switch (rule.kind) {
    case Kind::Text: {
        if (!value.isString())
            return QStringLiteral("must be a string");
        const QString text = value.toString();
        if (rule.required && text.isEmpty())
            return QStringLiteral("can't be blank");
        if (rule.maxLength > 0 && Internal::characterCount(text) > rule.maxLength)
            return QStringLiteral("is too long (maximum is %1 characters)").arg(rule.maxLength);
        static const QRegularExpression name(QStringLiteral("^[A-Za-z0-9_-]+$"));
        if (rule.namePattern && !name.match(text).hasMatch())
            return QStringLiteral("is invalid");
        if (!rule.allowed.isEmpty() && !rule.allowed.contains(text))
            return QStringLiteral("is not included in the list");
        return std::nullopt;
    }
    case Kind::Integer: {
        const double number = value.toDouble();
        if (!value.isDouble() || std::abs(number) > 9.0e15 || number != std::floor(number))
            return QStringLiteral("must be an integer");
        if (rule.minimum && number < *rule.minimum)
            return QStringLiteral("must be greater than or equal to %1").arg(*rule.minimum);
        if (rule.maximum && number > *rule.maximum)
            return QStringLiteral("must be less than or equal to %1").arg(*rule.maximum);
        return std::nullopt;
    }
    case Kind::Boolean:
        return value.isBool() ? std::nullopt : std::optional<QString>(QStringLiteral("must be a boolean"));
    case Kind::Object:
        if (!value.isObject())
            return QStringLiteral("must be an object");
        if (rule.maxLength > 0
            && Internal::characterCount(
                   QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact)))
                   > rule.maxLength)
            return QStringLiteral("is too long (maximum is %1 characters)").arg(rule.maxLength);
        return std::nullopt;
    case Kind::TextList:
        if (!value.isArray())
            return QStringLiteral("must be an array");
        for (const QJsonValue &item : value.toArray()) {
            if (!item.isString())
                return QStringLiteral("must be an array of strings");
        }
        return std::nullopt;
    case Kind::Time:
        if (!value.isString() || !Internal::Rfc3339::parse(value.toString()).isValid())
            return QStringLiteral("is not a valid RFC 3339 datetime");
        return std::nullopt;
    }
    return std::nullopt;
}

} // namespace

QList<SignalWireReference::Problem> SignalWireReference::check(Body body, const QJsonObject &request)
{
    const QList<Rule> &rules = rulesOf(body);
    QList<Problem> problems;
    for (const Rule &rule : rules) {
        const QString name = QLatin1String(rule.name);
        const QJsonValue value = request.value(name);
        if (value.isUndefined() || value.isNull()) {
            if (rule.required)
                problems.append({QStringLiteral("missing_required_parameter"), name, QStringLiteral("can't be blank")});
            continue;
        }
        if (const std::optional<QString> problem = problemOf(rule, value))
            problems.append({QStringLiteral("invalid_parameter"), name, *problem});
    }
    for (auto it = request.begin(); it != request.end(); ++it) {
        const bool known = std::any_of(rules.begin(), rules.end(),
                                       [&it](const Rule &rule) { return it.key() == QLatin1String(rule.name); });
        if (!known)
            problems.append({QStringLiteral("invalid_parameter"), it.key().left(100),
                             QStringLiteral("is not a parameter of this request")});
    }
    return problems;
}

QStringList SignalWireReference::defaultPermissions()
{
    return {QStringLiteral("room.self.audio_mute"),
            QStringLiteral("room.self.audio_unmute"),
            QStringLiteral("room.self.video_mute"),
            QStringLiteral("room.self.video_unmute"),
            QStringLiteral("room.self.deaf"),
            QStringLiteral("room.self.undeaf"),
            QStringLiteral("room.self.set_input_volume"),
            QStringLiteral("room.self.set_output_volume"),
            QStringLiteral("room.self.set_input_sensitivity"),
            QStringLiteral("room.self.screenshare"),
            QStringLiteral("room.self.additional_source")};
}

} // namespace ActionNode
