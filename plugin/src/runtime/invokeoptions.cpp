#include <actionnode/invokeoptions.h>

#include <QCryptographicHash>

namespace ActionNode {

const Connection *InvokeOptions::connectionFor(const QString &providerId) const
{
    for (const Connection &connection : connections) {
        if (connection.providerId() == providerId)
            return &connection;
    }
    return nullptr;
}

QString InvokeOptions::ownerFor(const QString &providerId) const
{
    const Connection *connection = connectionFor(providerId);
    if (!connection)
        return {};
    // A digest, so that what is stored holds no key; the same settings always give the same owner.
    QCryptographicHash digest(QCryptographicHash::Sha256);
    digest.addData(providerId.toUtf8());
    QStringList keys = connection->keys();
    keys.sort();
    for (const QString &key : std::as_const(keys)) {
        if (connection->isAccountSetting(key))
            digest.addData(QByteArray('\n' + key.toUtf8() + '=' + connection->value(key).toUtf8()));
    }
    return QString::fromLatin1(digest.result().toHex());
}

} // namespace ActionNode
