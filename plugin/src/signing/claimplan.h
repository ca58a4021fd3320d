#pragma once

#include <actionnode/actionerror.h>

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QString>

#include <memory>
#include <string>

namespace ActionNode {

namespace Internal::CompactJson {
class SortedObject;
}

/*!
    The claim bindings of an object schema's properties (\c x-claim,
    \c x-claimValues, \c x-claimJoin, \c x-claimEncoding), read once when
    the declaration loads so that signing a token looks nothing up in the
    declaration. Object properties with properties of their own have a plan
    of their own. ClaimMapping documents what each binding means.
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

    /*!
        Writes the claim of every member of \a object, which stands at \a at
        (null: the inputs themselves), to \a claims. Members without a claim
        are reported in \a unmapped.
    */
    void write(Internal::CompactJson::SortedObject *claims, const QJsonObject &object, const Location *at,
               ActionErrors *unmapped) const;

private:
    struct Claim
    {
        QByteArray name; //!< UTF-8; empty when the property has no claim
        QString label;
        QHash<QString, QString> codes;
        QString separator;
        bool unixTime = false;
        std::shared_ptr<const ClaimPlan> members; //!< for objects with declared properties
    };

    void writeValue(std::string *out, const Claim &claim, const QJsonValue &value, const Location &at,
                    ActionErrors *unmapped) const;

    QHash<QString, Claim> m_claims;
    bool m_topLevel;
};

} // namespace ActionNode
