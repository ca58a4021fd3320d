#pragma once

#include <actionnode/actionnode_global.h>

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QSharedDataPointer>
#include <QString>
#include <QStringList>

namespace ActionNode {

class FieldSpecData;

/*!
    One input field of an action, read from the declaration's \c inputs
    JSON Schema and its layout.

    The builder type is what a drag-and-drop builder shows (Text, Boolean,
    Number, Enum, Date/Time, List, Object); it is derived from the JSON
    Schema type unless the declaration sets \c x-builderType.

    Bindings tell a provider how the field reaches the API: restName() is the
    property name in a REST body, claimName() the claim in a self-signed
    token. Both come from the declaration, so adding a field that maps 1:1 to
    the API needs no code.
*/
class ACTIONNODE_EXPORT FieldSpec
{
public:
    FieldSpec();
    FieldSpec(const QString &key, const QJsonObject &schema, bool required, const QString &groupId,
              const QString &bundleId);
    FieldSpec(const FieldSpec &other);
    FieldSpec &operator=(const FieldSpec &other);
    ~FieldSpec();

    QString key() const;
    QString label() const;
    QString description() const;
    QString builderType() const;
    QJsonValue defaultValue() const;
    bool isRequired() const;
    //! Allowed values: the schema's \c enum, or its items' for a list (empty when free).
    QJsonArray options() const;
    //! Constraint keywords of the schema (maxLength, pattern, minimum, ..., x-maxSerializedLength).
    QJsonObject constraints() const;
    QString groupId() const;
    //! The bundle that must be licensed to set this field, or empty.
    QString bundleId() const;
    QString restName() const;
    QString claimName() const;
    //! The field's JSON Schema, as declared.
    QJsonObject schema() const;
    //! The declared \c visibleWhen condition of this field alone (its group may add one), or empty.
    QJsonObject visibleWhen() const;
    //! \c optionsFrom: the sibling action whose list output gives this field's options, or empty.
    QJsonObject optionsFrom() const;
    //! For outputs: the first of \c examples, the value a builder maps from (undefined when none).
    QJsonValue sample() const;
    //! For outputs: a credential (\c sensitive), delivered to the host but never logged or shown.
    bool isSensitive() const;
    /*!
        For a list output of objects: the item properties marked \c sensitive
        in \c{items.properties} (each webhook's \c hmac in Daily's listing).
        Like a sensitive output, they reach the host intact and are masked
        wherever people see them (masked()).
    */
    QStringList sensitiveItemFields() const;
    /*!
        For outputs: \a value as people may see it (a log line, a reference
        page, a run's history): maskText() in place of the whole value when
        isSensitive(), else in place of each sensitiveItemFields() member of
        its items; anything else unchanged.
    */
    QJsonValue masked(const QJsonValue &value) const;
    //! What masked() shows in place of a credential.
    static QString maskText();

private:
    QSharedDataPointer<FieldSpecData> d;
};

} // namespace ActionNode
