#pragma once

#include <actionnode/actionerror.h>
#include <actionnode/actioninputs.h>
#include <actionnode/actionresult.h>
#include <actionnode/connection.h>

#include "restcall.h"

#include <QList>
#include <QPair>

namespace ActionNode::Internal {

class RestDeclaration;
class RestProvider;

/*!
    Turns an invocation's inputs into the HTTP request a declaration
    describes: path parameters percent-encoded into the path template, query
    parameters, the JSON body (fields under \c bodyRoot or at their own
    pointer), the base URL and the authentication header from the
    connection. A value is never sent where the declaration does not put it.
*/
class RestRequestBuilder
{
public:
    /*!
        Fills \a request. \a queryOverrides replace inputs of the same query
        parameter (the pager's limit and cursor). On failure returns the
        status (InvalidInput for a missing path parameter, naming the field;
        ConfigurationError for connection settings) with \a errors.
    */
    static ActionResult::Status build(const RestDeclaration &declaration, const RestProvider &provider,
                                      const ActionInputs &inputs, const Connection &connection,
                                      const QList<QPair<QString, QString>> &queryOverrides, RestCall::Request *request,
                                      ActionErrors *errors);

    /*!
        A body-less GET of \a pathAndQuery at the provider's base URL, with
        its authentication header: every request to \a provider starts so
        (build() and ConnectionTest). Returns the connection settings that
        are missing or wrong, each naming its setting; empty when \a
        request is ready.
    */
    static ActionErrors address(const RestProvider &provider, const Connection &connection, const QString &pathAndQuery,
                                RestCall::Request *request);
};

} // namespace ActionNode::Internal
