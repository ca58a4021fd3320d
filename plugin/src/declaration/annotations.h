#pragma once

#include <QLatin1StringView>

namespace ActionNode::Internal {

/*!
    The annotations a declaration adds to JSON Schema (keywords starting
    with \c x-), each named here once. The meta-schemas
    (\c schemas/action.schema.json, \c schemas/trigger.schema.json) say which
    values each may take; each has one reader, named beside it.
*/
namespace Annotation {

//! Builder type of an input field (Text, Boolean, ...), instead of the one derived from its type. Read by FieldSpec.
inline constexpr QLatin1StringView builderType("x-builderType");
//! Where an input goes in the REST call: a body property name, or {in, name, pointer}. Read by RestDeclaration;
//! FieldSpec::restName() gives the wire name.
inline constexpr QLatin1StringView rest("x-rest");
//! The claim name of an input (or of an object input's property) in a self-signed token. Read by ClaimBinding.
inline constexpr QLatin1StringView claim("x-claim");
//! Claim codes of enumerated values ({"screenVideo": "sv"}). Read by ClaimBinding.
inline constexpr QLatin1StringView claimValues("x-claimValues");
//! The separator that joins a list into one string in the claim. Read by ClaimBinding.
inline constexpr QLatin1StringView claimJoin("x-claimJoin");
//! How a value is written in the claim: \c unixTime (an RFC 3339 time as Unix seconds). Read by ClaimBinding.
inline constexpr QLatin1StringView claimEncoding("x-claimEncoding");
//! What a value matching \c pattern looks like, in words, for error messages. Read by InputValidator.
inline constexpr QLatin1StringView patternMessage("x-patternMessage");
//! Largest size of an object or list input as compact JSON, in characters. Read by InputValidator.
inline constexpr QLatin1StringView maxSerializedLength("x-maxSerializedLength");
//! What a value of a field whose \c visibleWhen does not hold gets: \c refuse (the default: the provider refuses it
//! too) or \c ignore (the provider accepts and ignores it: a warning, and the value is not sent). Read by
//! ActionSpecData::readConditions().
inline constexpr QLatin1StringView whenHidden("x-whenHidden");
//! A trigger output: the JSON pointer it is read from in the provider's event. Read by TriggerSpec.
inline constexpr QLatin1StringView eventPointer("x-eventPointer");
//! A trigger filter: the output it is compared with (default: the output of the same key). Read by TriggerSpec.
inline constexpr QLatin1StringView matches("x-matches");

} // namespace Annotation
} // namespace ActionNode::Internal
