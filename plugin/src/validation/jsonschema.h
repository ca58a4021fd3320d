#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <memory>

namespace ActionNode::Internal {

class JsonSchemaPrecheck;

/*!
    A compiled draft-07 JSON Schema, validated with valijson.

    valijson's own Qt adapter reads integers through QJsonValue::toInt(), so
    it refuses whole numbers beyond 32 bits (Unix timestamps after 2038).
    Values are therefore handed to valijson through its nlohmann::json
    adapter, which keeps 64-bit integers.

    A value is first offered to a JsonSchemaPrecheck: what it accepts is
    valid without running valijson, which is by far the costliest step of a
    self-signed token. valijson checks everything else and words the errors.
*/
class JsonSchema
{
public:
    //! One failed keyword at one place of the validated value.
    struct Violation
    {
        QString pointer;  //!< JSON pointer of the offending value ("" = the root)
        QString keyword;  //!< JSON Schema keyword, or "schema" when unknown
        QString property; //!< for additionalProperties/required: the property concerned
        QString detail;   //!< valijson's description

        //! Where a reader looks: the pointer, with the property for additionalProperties/required; "/" for the root.
        QString location() const;
    };

    JsonSchema();
    ~JsonSchema();
    JsonSchema(JsonSchema &&) noexcept;
    JsonSchema &operator=(JsonSchema &&) noexcept;

    //! Where a schema comes from, and so whether its references are checked before valijson follows them.
    enum class Origin {
        Declaration, //!< a provider's, checked by SchemaReferenceCheck and compiled by valijson at once
        /*!
            Compiled into the library; a test checks its references and
            compiles it. valijson compiles it when a value first needs it, as
            a CheckedDeclaration's: a valid manifest the precheck decides
            never pays for it.
        */
        BuiltIn,
        /*!
            A provider's declaration that compiled when the provider was built
            (CheckedDeclarations): valijson compiles it when a value first
            needs it, so a process that only describes an action, or whose
            values the precheck decides, never pays for it.
        */
        CheckedDeclaration,
    };
    /*!
        Compiles \a schema (its precheck at once, valijson's form as \a origin
        says); false with \a errorString when valijson refuses it or its
        references form a cycle.
    */
    bool compile(const QJsonObject &schema, QString *errorString, Origin origin = Origin::Declaration);
    bool isCompiled() const;

    //! "<detail> (<keyword>)" of the first of \a violations, and how many more there are.
    static QString summary(const QList<Violation> &violations);

    /*!
        Every violation, with the generic "failed to validate child" entries
        left out; never empty for an invalid value: when those entries are all
        there is (a \c false subschema, \c propertyNames), the innermost of
        them, placed at the item or property it names.
    */
    QList<Violation> validate(const QJsonValue &value) const;
    //! The precheck that validate() asks first, or null when it could not be compiled.
    const JsonSchemaPrecheck *precheck() const;

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace ActionNode::Internal
