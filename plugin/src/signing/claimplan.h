#pragma once

#include "compactjson.h"
#include "packedjson.h"
#include "texttable.h"

#include <actionnode/actionerror.h>
#include <actionnode/sdk/claimmapping.h>

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QVarLengthArray>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ActionNode::Internal {

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
    int position = -1;             //!< of name in its plan's sorted claim names; -1 without a claim
    QString label;                 //!< the title, or the key
    TextTable<QString> codes;      //!< value -> claim code
    QHash<QString, QString> names; //!< claim code -> value
    QString separator;
    bool unixTime = false;
    std::shared_ptr<const ClaimPlan> members; //!< for objects with declared properties

    static ClaimBinding read(const QString &key, const QJsonObject &schema);
    //! The claim code of \a text, or \a text when it has none.
    const QString &codeOf(const QString &text) const
    {
        const QString *code = codes.find(text);
        return code ? *code : text;
    }
    //! The claim name alone (\c x-claim), or empty.
    static QString nameIn(const QJsonObject &schema);
};

/*!
    Claims that no property declares (the domain, the issued-at time), each
    with its value already written as JSON, kept sorted by name; a claim
    added again under a name replaces the earlier one. Their texts are read
    where the list given keeps them: it must outlive this.
*/
class ExtraClaims
{
public:
    explicit ExtraClaims(const QList<ExtraClaim> &claims);
    ExtraClaims(QList<ExtraClaim> &&) = delete; // its texts would be gone before they are read

    qsizetype size() const { return m_claims.size(); }
    std::string_view name(qsizetype index) const { return m_claims[index].name; }
    std::string_view json(qsizetype index) const { return m_claims[index].json; }

private:
    struct Claim
    {
        std::string_view name;
        std::string_view json;
        qsizetype order; //!< its place in the list given
    };
    QVarLengthArray<Claim, 8> m_claims;
};

/*!
    The claim bindings of an object schema's properties, read once when the
    declaration loads so that signing a token or decoding one looks nothing
    up in the declaration. Object properties with properties of their own
    have a plan of their own.

    The claim names are sorted once, here, as the payload writes them (byte
    by byte, as nlohmann::json orders keys): a token's claims are written
    straight in that order by a ClaimObjectWriter, with no sorting per token.
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
    const ClaimBinding *binding(QStringView key) const;

    //! The claim name at \a position, as UTF-8.
    std::string_view claimName(int position) const { return m_claimNames[size_t(position)]; }
    //! The claim name at \a position written as a member's key, colon included.
    const std::string &memberKey(int position) const { return m_memberKeys[size_t(position)]; }

    /*!
        Writes the claims of \a object's members and \a extras (may be null)
        to \a out as one compact JSON object, keys sorted. Members without a
        claim are left out and reported in \a unmapped, in key order.
    */
    void write(std::string *out, const QJsonObject &object, const ExtraClaims *extras, ActionErrors *unmapped) const;
    /*!
        Writes \a value, the value of a property bound by \a claim, to \a out.
        Returns false when a member of it has no claim (it is left out;
        reportUnmapped() says which).
    */
    static bool writeValue(std::string *out, const ClaimBinding &claim, const PackedJson::Value &value);
    //! Writes \a text, a string property's value, as writeValue() does without making a JSON value.
    static void writeText(std::string *out, const ClaimBinding &claim, const QString &text);
    //! writeText() for a text kept as UTF-8.
    static void writeUtf8(std::string *out, const ClaimBinding &claim, std::string_view text);
    //! Reports each member of \a object (standing at \a at, null: the inputs) that has no claim, in key order.
    void reportUnmapped(const QJsonObject &object, const Location *at, ActionErrors *unmapped) const;

    //! The properties that \a claims stand for; claims no property declares keep their own name.
    QJsonObject decode(const QJsonObject &claims) const;

private:
    //! write() without the report; false when some member has no claim.
    bool writeMembers(std::string *out, const PackedJson::Value &object, const ExtraClaims *extras) const;
    static QJsonValue decodeValue(const ClaimBinding &claim, const QJsonValue &value);

    //! Found on every token, so not by a QHash (see TextTable); filled once, so the bindings do not move.
    TextTable<ClaimBinding> m_claims;
    QHash<QString, QString> m_keyOfClaim;  //!< claim name -> property key
    std::vector<std::string> m_claimNames; //!< distinct, sorted byte-wise
    std::vector<std::string> m_memberKeys; //!< "name": for each claim name
    bool m_topLevel;
};

/*!
    Writes one claims object to a buffer member by member, in the order of
    its plan's claim names, with the extra claims put in at their places:
    an extra claim replaces a declared one of the same name.
*/
class ClaimObjectWriter
{
public:
    //! Opens the object in \a out; \a plan and \a extras may be null.
    ClaimObjectWriter(std::string *out, const ClaimPlan *plan, const ExtraClaims *extras);
    /*!
        The buffer to write the value of the plan's claim at \a position to,
        right after its key; positions must come in increasing order. A value
        that an extra claim replaces goes to a buffer that is thrown away.
    */
    std::string *member(int position);
    //! Writes the extra claims left and closes the object.
    void finish();

private:
    void writeExtra();
    void separate();

    std::string *m_out;
    const ClaimPlan *m_plan;
    const ExtraClaims *m_extras;
    qsizetype m_nextExtra = 0;
    bool m_empty = true;
    std::string m_replaced;
};

} // namespace ActionNode::Internal
