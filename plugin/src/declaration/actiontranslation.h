#pragma once

#include <QJsonObject>
#include <QString>

namespace ActionNode::Internal {

/*!
    Puts the texts of a locale file (\c schemas/locale.schema.json) into a
    declaration: titles, help texts, pattern messages, group titles,
    notices, bundle texts, warning and rule messages. A text the file leaves
    out keeps its English original, so a partial translation is usable.

    The file sits beside the declaration: \c create-meeting-token.json is
    translated by \c create-meeting-token.de.json. For a regional tag
    ("pt-BR") the regional file is preferred, then the language's ("pt").
*/
class ActionTranslation
{
public:
    /*!
        The declaration read from \a source, translated into \a locale.
        \a translationFile is set to the file used (empty when there is none
        for the locale: the declaration comes back unchanged), \a phrases to
        its \c phrases (the words conditions are said in). A locale tag
        that is not one, or a file that breaks its schema or names what the
        declaration does not have, sets \a problem (file, pointer, reason).
    */
    static QJsonObject apply(const QJsonObject &declaration, const QString &source, const QString &locale,
                             QString *translationFile, QJsonObject *phrases, QString *problem);
};

} // namespace ActionNode::Internal
