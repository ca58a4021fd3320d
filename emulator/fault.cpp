#include "fault.h"

#include "jsonvaluetext.h"

#include <QJsonValue>
#include <QStringList>

#include <cmath>

namespace ActionNode {

namespace {

constexpr int maxDelayMs = 10 * 60 * 1000;
constexpr int maxRetryAfter = 24 * 60 * 60;
constexpr int maxCount = 1000000;
constexpr qint64 maxBodyBytes = qint64(1) << 32;

bool readInt(const QJsonObject &object, QLatin1StringView key, int minimum, int maximum, int *out, QString *errorString)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined())
        return true;
    const double number = value.toDouble(std::nan(""));
    if (!value.isDouble() || number != std::floor(number) || number < minimum || number > maximum) {
        *errorString = QStringLiteral("\"%1\" must be an integer from %2 to %3, got %4")
                           .arg(key)
                           .arg(minimum)
                           .arg(maximum)
                           .arg(describeJsonValue(value));
        return false;
    }
    *out = int(number);
    return true;
}

bool readBool(const QJsonObject &object, QLatin1StringView key, bool *out, QString *errorString)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined())
        return true;
    if (!value.isBool()) {
        *errorString = QStringLiteral("\"%1\" must be true or false, got %2").arg(key, describeJsonValue(value));
        return false;
    }
    *out = value.toBool();
    return true;
}

} // namespace

std::optional<Fault> Fault::fromJson(const QJsonObject &object, QString *errorString)
{
    static const QStringList known = {QStringLiteral("status"),    QStringLiteral("retryAfter"),
                                      QStringLiteral("delayMs"),   QStringLiteral("drop"),
                                      QStringLiteral("malformed"), QStringLiteral("count"),
                                      QStringLiteral("body"),      QStringLiteral("stall"),
                                      QStringLiteral("bodyBytes")};
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (!known.contains(it.key())) {
            *errorString =
                QStringLiteral("unknown fault field \"%1\" (known: %2)").arg(it.key(), known.join(QLatin1String(", ")));
            return std::nullopt;
        }
    }
    Fault fault;
    if (!readInt(object, QLatin1StringView("status"), 400, 599, &fault.status, errorString)
        || !readInt(object, QLatin1StringView("retryAfter"), 0, maxRetryAfter, &fault.retryAfter, errorString)
        || !readInt(object, QLatin1StringView("delayMs"), 0, maxDelayMs, &fault.delayMs, errorString)
        || !readInt(object, QLatin1StringView("count"), 1, maxCount, &fault.count, errorString)
        || !readBool(object, QLatin1StringView("drop"), &fault.drop, errorString)
        || !readBool(object, QLatin1StringView("malformed"), &fault.malformed, errorString)
        || !readBool(object, QLatin1StringView("stall"), &fault.stall, errorString)) {
        return std::nullopt;
    }
    const QJsonValue body = object.value(QLatin1StringView("body"));
    if (!body.isUndefined() && !body.isString()) {
        *errorString =
            QStringLiteral("\"body\" must be a string (the answer's text), got %1").arg(describeJsonValue(body));
        return std::nullopt;
    }
    if (body.isString())
        fault.body = body.toString().toUtf8();
    const QJsonValue bodyBytes = object.value(QLatin1StringView("bodyBytes"));
    if (!bodyBytes.isUndefined()) {
        const double number = bodyBytes.toDouble(-1);
        if (!bodyBytes.isDouble() || number != std::floor(number) || number < 16 || number > double(maxBodyBytes)) {
            *errorString = QStringLiteral("\"bodyBytes\" must be an integer from 16 to %1, got %2")
                               .arg(maxBodyBytes)
                               .arg(describeJsonValue(bodyBytes));
            return std::nullopt;
        }
        fault.bodyBytes = qint64(number);
    }
    const QString error = fault.validationError();
    if (!error.isEmpty()) {
        *errorString = error;
        return std::nullopt;
    }
    return fault;
}

QString Fault::validationError() const
{
    if ((status != 0) + drop + malformed + body.has_value() + stall + (bodyBytes > 0) > 1)
        return QStringLiteral("a fault takes only one of \"status\", \"drop\", \"malformed\", \"body\", \"stall\" "
                              "and \"bodyBytes\"");
    if (retryAfter >= 0 && status == 0)
        return QStringLiteral("\"retryAfter\" needs a \"status\" (for example 429 or 503)");
    if (status == 0 && !drop && !malformed && !body && !stall && bodyBytes == 0 && delayMs == 0)
        return QStringLiteral("a fault needs \"status\", \"drop\", \"malformed\", \"body\", \"stall\", "
                              "\"bodyBytes\" or a \"delayMs\" above 0");
    if (status != 0 && (status < 400 || status > 599))
        return QStringLiteral("\"status\" must be from 400 to 599, got %1").arg(status);
    if (delayMs < 0 || delayMs > maxDelayMs)
        return QStringLiteral("\"delayMs\" must be from 0 to %1, got %2").arg(maxDelayMs).arg(delayMs);
    if (count < 1)
        return QStringLiteral("\"count\" must be at least 1, got %1").arg(count);
    return {};
}

QJsonObject Fault::toJson() const
{
    QJsonObject object{{QStringLiteral("count"), count}};
    if (status != 0)
        object.insert(QStringLiteral("status"), status);
    if (retryAfter >= 0)
        object.insert(QStringLiteral("retryAfter"), retryAfter);
    if (delayMs > 0)
        object.insert(QStringLiteral("delayMs"), delayMs);
    if (drop)
        object.insert(QStringLiteral("drop"), true);
    if (malformed)
        object.insert(QStringLiteral("malformed"), true);
    if (body)
        object.insert(QStringLiteral("body"), QString::fromUtf8(*body));
    if (stall)
        object.insert(QStringLiteral("stall"), true);
    if (bodyBytes > 0)
        object.insert(QStringLiteral("bodyBytes"), bodyBytes);
    return object;
}

} // namespace ActionNode
