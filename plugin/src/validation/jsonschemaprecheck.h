#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

#include "packedjson.h"
#include "regexpattern.h"
#include "texttable.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ActionNode::Internal {

/*!
    A fast answer to "is this value certainly valid?" for the JSON Schema
    subset that action declarations use (type, enum, const, string lengths
    and patterns, date and date-time formats, numeric bounds, properties,
    required, additionalProperties, items, uniqueItems, item counts, anyOf,
    and if/then/else when the if subschema has none of the keywords it may
    read otherwise than valijson; see m_inexactKeywords).

    valijson stays the reference and the only source of error messages: it
    costs some tens of thousands of instructions per call, more than all the
    rest of signing a token, so JsonSchema asks this precheck first and runs
    valijson only when the precheck does not accept the value.

    The precheck may refuse a value that valijson accepts (valijson then
    decides), never the reverse. Patterns and time formats are read by the
    same RegexPattern and Rfc3339 that valijson is given (ValijsonKeywords),
    and a schema with any keyword it does not know is not compiled at all,
    so every value goes to valijson.
*/
class JsonSchemaPrecheck
{
public:
    /*!
        Compiles \a schema. Returns false, leaving a precheck that accepts
        nothing, when the schema uses a keyword this class does not know.
    */
    bool compile(const QJsonObject &schema);
    bool isCompiled() const { return !m_nodes.empty(); }

    //! True only when \a value is valid against the compiled schema.
    bool accepts(const QJsonValue &value) const;

    /*
        The root object's parts, for inputs read into one slot per property
        (InvocationPlan) and checked without building an object: together
        they accept exactly what accepts() accepts for the object.
    */
    //! True when the root schema is an object schema whose only keywords are properties, required and
    //! additionalProperties.
    bool rootIsPlainObject() const;
    //! The node of the root's property \a key, or -1 when the root does not declare it.
    int rootPropertyNode(const QString &key) const;
    //! The root's required properties.
    const QStringList &rootRequired() const { return m_nodes.front().required; }
    //! True only when \a value, packed as input slots keep it, is valid against node \a node; walked without a
    //! QString made.
    bool acceptsAt(int node, const PackedJson &value) const { return acceptsNode(node, value.root()); }
    //! The same for a string value, read without making a QJsonValue of it.
    bool acceptsTextAt(int node, const QString &text) const;
    //! The same for a string value kept as its UTF-8 bytes.
    bool acceptsTextAt(int node, const std::string &utf8) const;

private:
    enum TypeFlag : quint8 {
        NullType = 0x01,
        BooleanType = 0x02,
        IntegerType = 0x04, //!< a number with no fraction (5.0 included, as valijson reads it)
        NumberType = 0x08,  //!< any number; implies IntegerType
        StringType = 0x10,
        ArrayType = 0x20,
        ObjectType = 0x40,
        AnyType = 0x7f,
    };
    enum class Format { None, Date, DateTime, Time };
    enum class Additional { Allowed, Forbidden, Schema };

    //! One subschema; children are indexes into m_nodes.
    struct Node
    {
        quint8 types = AnyType;
        std::optional<PackedJson> allowedValues; //!< enum, or const as a one-value enum: an array
        TextTable<bool> allowedStrings;          //!< allowedValues, when they are all strings
        qsizetype minLength = -1;
        qsizetype maxLength = -1;
        std::shared_ptr<const RegexPattern> pattern;
        Format format = Format::None;
        std::optional<double> minimum;
        std::optional<double> maximum;
        std::optional<double> exclusiveMinimum;
        std::optional<double> exclusiveMaximum;
        TextTable<int> properties;
        QStringList required;
        std::vector<std::string> requiredUtf8; //!< required, as a text inside the inputs is kept
        Additional additional = Additional::Allowed;
        int additionalSchema = -1;
        int items = -1;
        bool uniqueItems = false;
        qsizetype minItems = -1;
        qsizetype maxItems = -1;
        QList<int> anyOf;
        int ifSchema = -1; //!< with thenSchema and elseSchema: -1 when absent
        int thenSchema = -1;
        int elseSchema = -1;
    };

    int compileNode(const QJsonObject &schema);
    static void setAllowedValues(Node *node, const QJsonArray &values);
    bool acceptsNode(int index, const PackedJson::Value &value) const;
    //! \a text is a QString (a text slot), a std::string (a text slot kept as UTF-8) or a std::string_view (a text
    //! inside a list or an object).
    template<typename Text>
    bool acceptsString(const Node &node, const Text &text) const;
    template<typename Text>
    bool acceptsTextNode(int index, const Text &text) const;
    bool acceptsNumber(const Node &node, double number) const;
    bool acceptsObject(const Node &node, const PackedJson::Value &object) const;
    bool acceptsArray(const Node &node, const PackedJson::Value &array) const;

    std::vector<Node> m_nodes; //!< [0] is the root; empty when not compiled
    bool m_failed = false;
    /*!
        How many keywords were compiled so far that the precheck may read
        otherwise than valijson: a checked format (refused on a value that is
        not a string), uniqueItems, and an enum or const not all texts
        (valijson compares numbers as doubles, the precheck integers
        exactly). Under an if, a refusal picks the else branch: an if
        subschema with none of them is decided exactly, any other is left to
        valijson.
    */
    int m_inexactKeywords = 0;
};

} // namespace ActionNode::Internal
