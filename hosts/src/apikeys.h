#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace ActionNode {

/*!
    The bearer keys an HTTP host accepts, read from a file that holds only
    their SHA-256 digests (\c sha256:<64 hex digits> a line; blank lines and
    \c # comments are skipped), so the file discloses no key. A presented
    key is hashed and compared with every digest in constant time.
*/
class ApiKeys
{
public:
    //! Reads \a fileName; false with \a errorString naming the line on a bad file.
    bool load(const QString &fileName, QString *errorString);
    bool isEmpty() const { return m_digests.isEmpty(); }
    //! True when the value of an \c Authorization header carries an accepted key.
    bool accepts(QByteArrayView authorization) const;

private:
    QList<QByteArray> m_digests;
};

} // namespace ActionNode
