#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

namespace ActionNode::Internal {

/*!
    Refuses, before valijson compiles a schema, the references it would
    follow forever: a chain of \c $ref and of the keywords that apply another
    subschema to the same value (\c allOf, \c anyOf, \c oneOf, \c not,
    \c if, \c then, \c else, \c dependencies) that comes back to where it
    started. valijson recurses through such a cycle until the stack
    overflows: while compiling for \c{{"$ref": "#"}} at the root or two
    definitions that name each other, while validating for an \c allOf that
    refers to its own schema.

    A reference reached through a keyword that goes into the value
    (\c properties, \c items, \c additionalProperties, …) is a recursive
    schema, not a cycle: every step consumes one level of the value, so
    it ends. Such chains are also bounded (maxChainLength), as valijson
    recurses through every step of them.

    Only references within the schema, as JSON pointers ("#/definitions/a"),
    are followed; any other is refused here, with its place: nothing is
    fetched over the network, and valijson reads draft-04's \c id, not
    \c $id, so a reference by \c $id would silently mean something else.
*/
class SchemaReferenceCheck
{
public:
    //! The most steps that may apply subschemas to one value, one after another.
    static constexpr int maxChainLength = 256;

    /*!
        The JSON pointer a reference within the schema names, as valijson
        reads it: "#/definitions/a%20b/" is "/definitions/a b", its tokens
        escaped again so that one subschema has one name. Nothing when
        \a reference is not "#" followed by a JSON pointer.
    */
    static std::optional<QString> pointerOf(const QString &reference);

    //! What is wrong with the references of \a schema, naming where; empty when nothing is.
    static QString problem(const QJsonObject &schema);
};

} // namespace ActionNode::Internal
