#pragma once

#include <actionnode/actionerror.h>

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QString>

#include <memory>
#include <string>

namespace ActionNode::Internal {

namespace CompactJson {
class SortedObject;
}

class ClaimPlan;

/*!
    How one property reaches a self-signed token, as its schema declares it
    (\c x-claim, \c x-claimValues, \c x-claimJoin, \c x-claimEncoding; see
    Annotation). read() is the one reader of these annotations; ClaimMapping
    documents what each binding means.
*/
struct ClaimBinding
{
    QString name;                  //!< empty when the property has no claim
    QByteArray utf8Name;           //!< the name as the payload is written
    QString label;                 //!< the title, or the key
    QHash<QString, QString> codes; //!< value -> claim code
    QHash<QString, QString> names; //!< claim code -> value
    QString separator;
    bool unixTime = false;
    std::shared_ptr<const ClaimPlan> members; //!< for objects with declared properties

    static ClaimBinding read(const QString &key, const QJsonObject &schema);
    //! The claim name alone (\c x-claim), or empty.
    static QString nameIn(const QJsonObject &schema);
};

/*!
    The claim bindings of an object schema's properties, read once when the
    declaration loads so that signing a token or decoding one looks nothing
    up in the declaration. Object properties with properties of their own
    have a plan of their own.
*/
class ClaimPlan
{
public:
    //! The plan of \a objectSchema's properties; \a topLevel for an action's inputs.
    ClaimPlan(const QJsonObject &objectSchema, bool topLevel);

    //! Where a value stands in the inputs; its JSON pointer is built only for an error.
    struct Location
    {
        const Location *parent;
        const QString &key;
        QString pointer() const { return (parent ? parent->pointer() : QString()) + QLatin1Char('/') + key; }
    };

    //! The binding of property \a key, or null when the schema does not declare it.
    const ClaimBinding *binding(const QString &key) const;

    /*!
        Writes the claim of every member of \a object, which stands at \a at
        (null: the inputs themselves), to \a claims. Members without a claim
        are reported in \a unmapped.
    */
    void write(CompactJson::SortedObject *claims, const QJsonObject &object, const Location *at,
               ActionErrors *unmapped) const;
    //! Writes \a value, the value of a property bound by \a binding that stands at \a at.
    void writeMember(CompactJson::SortedObject *claims, const ClaimBinding *binding, const QJsonValue &value,
                     const Location &at, ActionErrors *unmapped) const;
    //! Writes \a text, a string property's value, as writeMember() does without making a QJsonValue.
    static void writeString(CompactJson::SortedObject *claims, const ClaimBinding &binding, const QString &text);

    //! The properties that \a claims stand for; claims no property declares keep their own name.
    QJsonObject decode(const QJsonObject &claims) const;

private:
    static void writeValue(std::string *out, const ClaimBinding &claim, const QJsonValue &value, const Location &at,
                           ActionErrors *unmapped);
    static void writeText(std::string *out, const ClaimBinding &claim, const QString &text);
    static QJsonValue decodeValue(const ClaimBinding &claim, const QJsonValue &value);

    QHash<QString, ClaimBinding> m_claims;
    QHash<QString, QString> m_keyOfClaim; //!< claim name -> property key
    bool m_topLevel;
};

} // namespace ActionNode::Internal
