#pragma once

#include <actionnode/actionerror.h>
#include <actionnode/actioninputs.h>
#include <actionnode/actionnode_global.h>
#include <actionnode/actionspec.h>

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QPair>

namespace ActionNode {

/*!
    A claim that no field declares (the domain, the issued-at time), its
    value already written as compact JSON: a plugin signing many tokens
    makes the claims that do not change once, and only what changes per
    token (the issued-at time) again.
*/
struct ACTIONNODE_EXPORT ExtraClaim
{
    QByteArray name; //!< UTF-8
    QByteArray json; //!< the value as compact JSON text

    //! The claim \a name with \a value, written as the payload writes values.
    static ExtraClaim of(const QString &name, const QJsonValue &value);
};

/*!
    Translates between an action's inputs and the abbreviated claims of a
    self-signed token, using only the bindings declared on each field:

    - \c x-claim: the claim name (\c room_name becomes \c r);
    - on object fields, \c x-claim of each sub-property (\c canSend becomes \c cs);
    - \c x-claimValues: codes for enumerated values (\c screenVideo becomes \c sv);
    - \c x-claimJoin: lists are sent as one string joined with this separator;
    - \c x-claimEncoding \c unixTime: an RFC 3339 time (or a date, meaning
      midnight UTC) is a Unix time in seconds in the claim.

    A field without a claim cannot be carried by a self-signed token; such a
    field is reported, never dropped.
*/
class ACTIONNODE_EXPORT ClaimMapping
{
public:
    //! Claims for \a inputs; fields that have no claim are added to \a unmapped.
    static QJsonObject toClaims(const ActionSpec &action, const QJsonObject &inputs, ActionErrors *unmapped);
    /*!
        The same claims plus \a extraClaims (issued-at, domain, ...), as the
        compact JSON payload of a token (keys sorted), ready for
        Jwt::signPayload(). The fast path of self-signing.
    */
    static QByteArray toClaimsJson(const ActionSpec &action, const QJsonObject &inputs,
                                   const QList<QPair<QString, QJsonValue>> &extraClaims, ActionErrors *unmapped);
    //! The same for the inputs the runtime hands a provider: read from their slots, with no object built.
    static QByteArray toClaimsJson(const ActionSpec &action, const ActionInputs &inputs,
                                   const QList<QPair<QString, QJsonValue>> &extraClaims, ActionErrors *unmapped);
    /*!
        The payload toClaimsJson() gives, with the extra claims written as
        JSON already (ExtraClaim): the fast path for a plugin signing many
        tokens, which converts no claim value per token.
    */
    static QByteArray signingPayload(const ActionSpec &action, const QJsonObject &inputs,
                                     const QList<ExtraClaim> &extraClaims, ActionErrors *unmapped);
    static QByteArray signingPayload(const ActionSpec &action, const ActionInputs &inputs,
                                     const QList<ExtraClaim> &extraClaims, ActionErrors *unmapped);
    //! Inputs for \a claims; claims no field declares are kept under their own name.
    static QJsonObject fromClaims(const ActionSpec &action, const QJsonObject &claims);
};

} // namespace ActionNode
