#pragma once

#include <actionnode/actionspec.h>
#include <actionnode/builderexport.h>
#include <actionnode/triggerspec.h>

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace ActionNode {

class Session;

/*!
    The declarations one builder export writes: the actions and triggers of
    the provider the options name (every loaded provider when they name
    none), each with the metadata a host UI gets without a licence
    (MetadataRenderer::toJson(): fields of a bundle marked \c locked, with
    the bundle's title and upsell). Every export reads them here, so all
    of them choose and word the same things.
*/
class ExportSource
{
public:
    struct Action
    {
        ActionSpec spec;
        QJsonObject metadata;
    };
    struct Trigger
    {
        TriggerSpec spec;
        QJsonObject metadata;
    };

    /*!
        Reads \a session's declarations for \a options into \a source. False
        with \a errorString naming the provider when the options ask for one
        that is not loaded.
    */
    static bool read(const Session &session, const BuilderExportOptions &options, ExportSource *source,
                     QString *errorString);

    //! The providers exported, in the order their actions come.
    QStringList providers;
    //! A setting of a provider's account: what a builder's credential store keeps and sends with every call.
    struct AccountSetting
    {
        QString key;
        bool secret = false;
    };
    //! Each provider's account settings (Connection::isAccountSetting()), in manifest order.
    QHash<QString, QList<AccountSetting>> accountSettings;
    QList<Action> actions;
    QList<Trigger> triggers;

    //! The action whose id is \a id, or null.
    const Action *action(const QString &id) const;

    /*!
        A field's help as one paragraph, from its metadata: its description,
        limits, default, the condition it applies under and the bundle it
        needs, each as a sentence.
    */
    static QString fieldNote(const QJsonObject &field);
    /*!
        Whether a field of the metadata is a list whose items are picked from
        its options (a List whose items are an enum): every builder with a
        multi-select or list type takes it as one. Other List and Object
        fields go to builders as JSON text.
    */
    static bool isChoiceList(const QJsonObject &field);
    //! The fields of an action's or trigger's metadata, in layout order.
    static QList<QJsonObject> fields(const QJsonObject &metadata);
    /*!
        What the host enforces beyond the fields, for an action's
        description: its conditional fields, the fields a bundle locks and
        the warnings it may answer with. Empty when there is none.
    */
    static QString rulesText(const Action &action);

    /*!
        The package's name: the one \a options give, else \a conventional
        followed by the provider's id when the options name one
        ("actionnode-zapier-daily").
    */
    static QString packageName(const BuilderExportOptions &options, const QString &conventional);

    /*!
        The licence every generated package.json states: the project's own
        (packaging/debian/copyright: all rights reserved, no licence granted
        yet), which npm spells "UNLICENSED". The one place to change when the
        project grants a licence.
    */
    static QString packageLicense();

    //! An action's or trigger's id as builders' keys and names take it: "daily.create_room" -> "daily_create_room".
    static QString keyOf(const QString &id);

    //! \a value as a literal of JavaScript or TypeScript: its JSON text.
    static QString jsonLiteral(const QJsonValue &value);

    //! A file every package of a builder carries as it is (\a path under hosts/src/export/files).
    static QByteArray resource(const QString &path);
};

} // namespace ActionNode
