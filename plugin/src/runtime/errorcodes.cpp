#include <actionnode/errorcodes.h>

#include <iterator>

namespace ActionNode {

namespace {

struct Row
{
    ErrorCode code;
    QLatin1StringView name;
    std::optional<ActionResult::Status> status;
};

using Status = ActionResult::Status;

// In the order of ErrorCode; see errorcodes.h for what each means to a host.
constexpr Row rows[] = {
    {ErrorCode::InvalidInput, QLatin1StringView("invalid_input"), Status::InvalidInput},
    {ErrorCode::NotSelfSignable, QLatin1StringView("not_self_signable"), Status::InvalidInput},
    {ErrorCode::BundleRequired, QLatin1StringView("bundle_required"), Status::LicenseRefused},
    {ErrorCode::UnknownAction, QLatin1StringView("unknown_action"), Status::ConfigurationError},
    {ErrorCode::UnknownTrigger, QLatin1StringView("unknown_trigger"), Status::ConfigurationError},
    {ErrorCode::InvalidDeclaration, QLatin1StringView("invalid_declaration"), Status::ConfigurationError},
    {ErrorCode::NoTransport, QLatin1StringView("no_transport"), Status::ConfigurationError},
    {ErrorCode::ConnectionError, QLatin1StringView("connection_error"), Status::ConfigurationError},
    {ErrorCode::NotFound, QLatin1StringView("not_found"), Status::ProviderFailed},
    {ErrorCode::ProviderError, QLatin1StringView("provider_error"), Status::ProviderFailed},
    {ErrorCode::NetworkError, QLatin1StringView("network_error"), Status::NetworkFailed},
    {ErrorCode::InvalidJson, QLatin1StringView("invalid_json"), std::nullopt},
    {ErrorCode::InvalidLocale, QLatin1StringView("invalid_locale"), std::nullopt},
    {ErrorCode::Unauthorized, QLatin1StringView("unauthorized"), std::nullopt},
    {ErrorCode::OriginNotAllowed, QLatin1StringView("origin_not_allowed"), std::nullopt},
    {ErrorCode::LicenseInvalid, QLatin1StringView("license_invalid"), std::nullopt},
    {ErrorCode::MethodNotAllowed, QLatin1StringView("method_not_allowed"), std::nullopt},
    {ErrorCode::BodyTooLarge, QLatin1StringView("body_too_large"), std::nullopt},
    {ErrorCode::UnsupportedMediaType, QLatin1StringView("unsupported_media_type"), std::nullopt},
    {ErrorCode::HostNotServed, QLatin1StringView("host_not_served"), std::nullopt},
    {ErrorCode::TooManyRequests, QLatin1StringView("too_many_requests"), std::nullopt},
    {ErrorCode::NotReady, QLatin1StringView("not_ready"), std::nullopt},
    {ErrorCode::ShuttingDown, QLatin1StringView("shutting_down"), std::nullopt},
    {ErrorCode::TooManyStreams, QLatin1StringView("too_many_streams"), std::nullopt},
    {ErrorCode::Timeout, QLatin1StringView("timeout"), std::nullopt},
    {ErrorCode::BadRequest, QLatin1StringView("bad_request"), std::nullopt},
    {ErrorCode::RequestTimeout, QLatin1StringView("request_timeout"), std::nullopt},
    {ErrorCode::HeadersTooLarge, QLatin1StringView("headers_too_large"), std::nullopt},
    {ErrorCode::TooManyConnections, QLatin1StringView("too_many_connections"), std::nullopt},
    {ErrorCode::Usage, QLatin1StringView("usage"), std::nullopt},
    {ErrorCode::Canceled, QLatin1StringView("canceled"), Status::NetworkFailed},
    {ErrorCode::NotConfigured, QLatin1StringView("not_configured"), std::nullopt},
    {ErrorCode::UnknownProvider, QLatin1StringView("unknown_provider"), std::nullopt},
    {ErrorCode::TooLarge, QLatin1StringView("too_large"), std::nullopt},
    {ErrorCode::InvalidSignature, QLatin1StringView("invalid_signature"), std::nullopt},
    {ErrorCode::InvalidTimestamp, QLatin1StringView("invalid_timestamp"), std::nullopt},
    {ErrorCode::Malformed, QLatin1StringView("malformed"), std::nullopt},
    {ErrorCode::TooManyEvents, QLatin1StringView("too_many_events"), std::nullopt},
    {ErrorCode::InvalidConnection, QLatin1StringView("invalid_connection"), std::nullopt},
    {ErrorCode::ConnectionRequired, QLatin1StringView("connection_required"), std::nullopt},
    {ErrorCode::StoreUnavailable, QLatin1StringView("store_unavailable"), std::nullopt},
};

constexpr bool rowsFollowTheEnum()
{
    for (std::size_t i = 0; i < std::size(rows); ++i) {
        if (static_cast<std::size_t>(rows[i].code) != i)
            return false;
    }
    return static_cast<std::size_t>(ErrorCode::StoreUnavailable) + 1 == std::size(rows);
}
static_assert(rowsFollowTheEnum(), "one row per ErrorCode, in its order");

const Row &rowOf(ErrorCode code)
{
    return rows[static_cast<std::size_t>(code)];
}

} // namespace

QList<ErrorCode> ErrorCodes::all()
{
    QList<ErrorCode> codes;
    codes.reserve(std::size(rows));
    for (const Row &row : rows)
        codes.append(row.code);
    return codes;
}

QString ErrorCodes::name(ErrorCode code)
{
    return rowOf(code).name;
}

std::optional<ErrorCode> ErrorCodes::fromName(QStringView name)
{
    for (const Row &row : rows) {
        if (row.name == name)
            return row.code;
    }
    return std::nullopt;
}

std::optional<ActionResult::Status> ErrorCodes::status(ErrorCode code)
{
    return rowOf(code).status;
}

QString ErrorRule::httpStatus(int status)
{
    return QStringLiteral("http_%1").arg(status);
}

} // namespace ActionNode
