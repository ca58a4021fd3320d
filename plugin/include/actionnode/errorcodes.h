#pragma once

#include <actionnode/actionnode_global.h>
#include <actionnode/actionresult.h>

#include <QLatin1StringView>
#include <QList>
#include <QString>
#include <QStringView>

#include <optional>

namespace ActionNode {

/*!
    The one list of the values of ActionError::code. A new code is an
    enumerator appended here, with its row in the tables below and in
    errorcodes.cpp (a static_assert keeps the two in step): the hosts map
    each code from this list, and a declaration's error rules may only
    name codes listed here (checked when the declaration loads). The
    enumerators' values are part of the plugin ABI (providerplugin.h):
    append, never reorder.

    Codes an invocation returns (in ActionResult::errors). Each belongs to
    one ActionResult::Status (status()), which each host maps once: the
    HTTP status (HttpReply::statusOf), the exit code of \c actionnode
    \c run (Command::exitCodeOf), and for MCP a tool result with \c isError
    and each code in its text.

    | code                | meaning for a host                                    | status             | HTTP | exit |
    |---------------------|-------------------------------------------------------|--------------------|------|------|
    | invalid_input       | an input broke its declaration; nothing was sent       | InvalidInput       | 422  | 3    |
    | not_self_signable   | an input has no claim in a self-signed token           | InvalidInput       | 422  | 3    |
    | bundle_required     | a bundle-only field or trigger, without that bundle    | LicenseRefused     | 403  | 4    |
    | unknown_action      | no loaded provider declares the action                 | ConfigurationError | 500  | 1    |
    | unknown_trigger     | no loaded provider declares the trigger                | ConfigurationError | 500  | 1    |
    | invalid_declaration | the declaration did not load                           | ConfigurationError | 500  | 1    |
    | no_transport        | the action has no REST transport and no plugin code    | ConfigurationError | 500  | 1    |
    | connection_error    | a connection setting is missing or bad (field names it)| ConfigurationError | 500  | 1    |
    | not_found           | the provider has no such resource (declared rule)      | ProviderFailed     | 502  | 5    |
    | provider_error      | the provider answered with an error                    | ProviderFailed     | 502  | 5    |
    | network_error       | no usable answer: timeout, connection, TLS             | NetworkFailed      | 504  | 6    |
    | canceled            | the invocation was canceled before it finished         | NetworkFailed      | 504  | 6    |

    Codes a host answers a request with before any action runs (status()
    is empty; only the HTTP host and the trigger routes send them). The
    HTTP host also refuses with \c unknown_action (404), \c unknown_trigger
    (404), \c not_found (404) and \c invalid_input; the trigger routes with
    \c unknown_trigger (404), \c bundle_required (403) and \c invalid_input
    (400, a bad filter).

    | code                   | HTTP | meaning                                               |
    |------------------------|------|-------------------------------------------------------|
    | invalid_json           | 400  | the body is not a JSON object                         |
    | invalid_locale         | 400  | ?locale= names no locale                              |
    | unauthorized           | 401  | no or no accepted bearer key                          |
    | origin_not_allowed     | 403  | a browser origin that is not allowed                  |
    | license_invalid        | 422  | the licence sent does not verify                      |
    | method_not_allowed     | 405  | the path is served, not with this method              |
    | body_too_large         | 413  | the body exceeds the size limit                       |
    | unsupported_media_type | 415  | the body is not application/json                      |
    | host_not_served        | 421  | the Host header names another host                    |
    | too_many_requests      | 429  | the caller's rate limit is spent (Retry-After)        |
    | not_ready              | 503  | plugins are still loading                             |
    | shutting_down          | 503  | the host is stopping                                  |
    | too_many_streams       | 503  | every event stream slot is taken                      |
    | timeout                | 504  | the invocation outlived the request timeout           |
    | bad_request            | 400  | the request is not well-formed HTTP/1.1 (RFC 9112)    |
    | request_timeout        | 408  | the request head or body did not arrive in time       |
    | headers_too_large      | 431  | the request head has too many bytes or header lines   |
    | too_many_connections   | 503  | the server's or this client's connection cap is taken |
    | usage                  | 400  | a command line argument is not key=value or key:=json |
    | invalid_connection     | 400  | the connection sent with the request is refused       |
    | connection_required    | 400  | none sent for the provider, which this host requires  |
    | store_unavailable      | 503  | the store (event log, run history) cannot be used     |

    Codes a webhook delivery is refused with (TriggerHub::Receipt::code;
    a delivery that is taken has one of the receipt's own codes).

    | code              | HTTP | meaning                                                    |
    |-------------------|------|------------------------------------------------------------|
    | not_configured    | 503  | the provider is known but has no webhook secret set        |
    | unknown_provider  | 404  | no loaded provider has that name                           |
    | too_large         | 413  | the delivery exceeds TriggerHub::maxBodyBytes              |
    | invalid_signature | 401  | the signature does not match the body                      |
    | invalid_timestamp | 401  | the timestamp is missing or outside the replay window      |
    | malformed         | 400  | the body is not JSON, or not an event                      |
    | too_many_events   | 503  | the event log is full of events kept for deduplication     |
*/
enum class ErrorCode {
    InvalidInput,
    NotSelfSignable,
    BundleRequired,
    UnknownAction,
    UnknownTrigger,
    InvalidDeclaration,
    NoTransport,
    ConnectionError,
    NotFound,
    ProviderError,
    NetworkError,
    InvalidJson,
    InvalidLocale,
    Unauthorized,
    OriginNotAllowed,
    LicenseInvalid,
    MethodNotAllowed,
    BodyTooLarge,
    UnsupportedMediaType,
    HostNotServed,
    TooManyRequests,
    NotReady,
    ShuttingDown,
    TooManyStreams,
    Timeout,
    BadRequest,
    RequestTimeout,
    HeadersTooLarge,
    TooManyConnections,
    Usage,
    Canceled,
    NotConfigured,
    UnknownProvider,
    TooLarge,
    InvalidSignature,
    InvalidTimestamp,
    Malformed,
    TooManyEvents,
    InvalidConnection,
    ConnectionRequired,
    StoreUnavailable,
};

//! Names, lookup and the failure class of the codes listed in ErrorCode.
class ACTIONNODE_EXPORT ErrorCodes
{
public:
    //! Every code, in declaration order.
    static QList<ErrorCode> all();
    //! The code as it appears in ActionError::code ("invalid_input").
    static QString name(ErrorCode code);
    //! The code named \a name, or none when the list has no such code.
    static std::optional<ErrorCode> fromName(QStringView name);
    //! The status of a result failing with \a code; none for codes only a host's refusal carries.
    static std::optional<ActionResult::Status> status(ErrorCode code);
};

/*!
    The vocabulary of ActionError::rule: which rule the input or answer
    broke. It is one of
    \list
    \li a JSON Schema keyword of the input schema (\c maxLength, \c type,
        \c required, \c format, ...) or one of the declaration's \c x-
        keywords (\c x-maxSerializedLength, \c x-claim);
    \li the \c id of a rule the declaration states (\c rules[].id);
    \li one of the markers below;
    \li empty when no rule applies (an unknown action, a connection setting).
    \endlist
*/
namespace ErrorRule {
//! A licence gate: the field or trigger needs a bundle.
inline constexpr QLatin1StringView Bundle{"bundle"};
//! The declaration's visibleWhen: a hidden field was set.
inline constexpr QLatin1StringView VisibleWhen{"visibleWhen"};
//! The input is not JSON (or not of the JSON type the field needs).
inline constexpr QLatin1StringView Json{"json"};
//! The input has no claim in a self-signed token.
inline constexpr QLatin1StringView Claim{"x-claim"};
//! A successful answer lacked a declared output.
inline constexpr QLatin1StringView MalformedReply{"malformed_reply"};
//! A successful answer was larger than the provider's \c maxAnswerBytes.
inline constexpr QLatin1StringView AnswerLimit{"answer_limit"};
//! A paged list went past the page limit, or its cursor came back to one of an earlier page.
inline constexpr QLatin1StringView PaginationLimit{"pagination_limit"};
//! A list's next page was named on another origin than the request's, and not followed.
inline constexpr QLatin1StringView ForeignPage{"foreign_page"};
//! Saved inputs were migrated (a warning per change), or could not be (an error).
inline constexpr QLatin1StringView Migration{"migration"};
//! The provider answered HTTP \a status: "http_429".
ACTIONNODE_EXPORT QString httpStatus(int status);
} // namespace ErrorRule

} // namespace ActionNode
