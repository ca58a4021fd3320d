#pragma once

#include <actionnode/actioninputs.h>
#include <actionnode/actionresult.h>

#include "restcall.h"

namespace ActionNode::Internal {

class RestDeclaration;
class RestProvider;

/*!
    Turns a provider's HTTP reply into the action's result, as the
    declaration says:

    - a 2xx answer: each output read at its JSON pointer into the body
      ("" is the whole body), checked by the declaration's RestAnswerCheck:
      an answer that fails it is a \c provider_error (rule
      \c malformed_reply), as is one over the provider's answer limit (rule
      \c answer_limit); a 204 may have no body;
    - another answer: the first \c errors rule whose status (and provider
      error type, read at the manifest's \c errorBody.type) matches gives the
      code and message, with {field} placeholders filled from the inputs;
      with \c fieldFromInfo the input that the provider's message names is
      the error's field (and the rule matches only when it names one). Unmatched answers are \c provider_error with the
      provider's own type and message: one error per entry when the manifest's \c errorBody.list finds a list of
      them (ProviderErrorList), else one;
    - no answer at all: \c network_error.
*/
class RestReplyMapper
{
public:
    static ActionResult map(const RestDeclaration &declaration, const RestProvider &provider,
                            const ActionInputs &inputs, const RestCall::Reply &reply);
};

} // namespace ActionNode::Internal
