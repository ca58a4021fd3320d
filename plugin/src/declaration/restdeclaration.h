#pragma once

#include "jsonpointer.h"
#include "restanswercheck.h"

#include <actionnode/errorcodes.h>

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

namespace ActionNode::Internal {

/*!
    An action's \c transport.rest, read and checked once when the
    declaration loads (see \c schemas/action.schema.json, definition
    \c restTransport, and the README). Everything the REST transport needs
    per call is here, already parsed: the path template, where each input
    goes, the output pointers, the pagination and the error mapping.
*/
class RestDeclaration
{
public:
    enum class Placement { Path, Query, Body, None };

    //! Where one input goes on the wire.
    struct Binding
    {
        QString key; //!< the input field
        Placement placement;
        QString name;                  //!< the wire name (query parameter, body property)
        Internal::JsonPointer pointer; //!< body only: absolute place in the body
    };

    //! A part of the path template: literal text or an input's value.
    struct PathPart
    {
        bool isParameter;
        QString text; //!< literal text, or the input key
    };

    struct ErrorRule
    {
        int status = 0;
        QString providerError;                     //!< the provider's error type that must match, or empty
        ErrorCode code = ErrorCode::ProviderError; //!< one that results carry (ErrorCodes::status)
        QString message;                           //!< with {field} placeholders from the inputs, or empty
        bool fieldFromInfo = false;
        QString field; //!< the input the error is about, as a pointer, or empty
    };

    struct Pagination
    {
        Internal::JsonPointer items;
        Internal::JsonPointer total;
        QString itemsOutput; //!< the output the items are returned in
        QString limitParam;
        int maxLimit = 0;
        QString cursorParam;
        Internal::JsonPointer cursorFrom; //!< read from the last item of a page
        //! The reply's URL of the next page, when the provider names it rather than a cursor; root when not.
        Internal::JsonPointer next;
        QString nextOutput; //!< the output the next page's URL is returned in
    };

    /*!
        Reads \a rest of a declaration whose inputs schema has \a inputProperties
        and whose outputs schema is \a outputSchema. Null with \a pointer and
        \a error naming the problem when the declaration is inconsistent.
    */
    static std::shared_ptr<const RestDeclaration> read(const QJsonObject &rest, const QJsonObject &inputProperties,
                                                       const QJsonObject &outputSchema, QString *pointer,
                                                       QString *error);

    QByteArray method;
    QString pathTemplate;
    QList<PathPart> path;
    Internal::JsonPointer bodyRoot;
    bool sendsBody = false;
    QString rateLimit;
    QHash<QString, Binding> bindings; //!< by input key
    QList<QPair<QString, Internal::JsonPointer>> outputs;
    bool paginated = false;
    Pagination pagination;
    //! What a successful answer must hold (a list's items are required).
    RestAnswerCheck answerCheck;
    QList<ErrorRule> errors;
};

} // namespace ActionNode::Internal
