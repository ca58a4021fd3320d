#include "regexpattern.h"

#define PCRE2_CODE_UNIT_WIDTH 16
#include <pcre2.h>

namespace ActionNode::Internal {

namespace {

// Backtracking steps one search may take: far above what a linear pattern
// needs on a megabyte, far below what makes a quadratic one noticeable.
constexpr uint32_t matchLimit = 1'000'000;
constexpr uint32_t depthLimit = 10'000;
constexpr size_t jitStackBytes = 1024 * 1024;

struct MatchResources
{
    pcre2_match_data *data = pcre2_match_data_create(1, nullptr);
    pcre2_jit_stack *jitStack = pcre2_jit_stack_create(32 * 1024, jitStackBytes, nullptr);
    pcre2_match_context *context = pcre2_match_context_create(nullptr);
    pcre2_match_data *captureData = nullptr; //!< for searches that keep their groups, sized by the largest
    MatchResources()
    {
        pcre2_set_match_limit(context, matchLimit);
        pcre2_set_depth_limit(context, depthLimit);
        pcre2_jit_stack_assign(context, nullptr, jitStack);
    }
    ~MatchResources()
    {
        pcre2_match_context_free(context);
        pcre2_jit_stack_free(jitStack);
        pcre2_match_data_free(captureData);
        pcre2_match_data_free(data);
    }
    MatchResources(const MatchResources &) = delete;
    MatchResources &operator=(const MatchResources &) = delete;
};

// Match data, contexts and JIT stacks are per thread: a compiled pattern is shared.
MatchResources &threadResources()
{
    static thread_local MatchResources resources;
    return resources;
}

} // namespace

struct RegexPattern::Private
{
    pcre2_code *code = nullptr;
    uint32_t captureCount = 0;
    QString errorString;
};

RegexPattern::RegexPattern(const QString &pattern) : d(new Private)
{
    int errorCode = 0;
    PCRE2_SIZE errorOffset = 0;
    d->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.utf16()), PCRE2_SIZE(pattern.size()),
                            PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_DOLLAR_ENDONLY, &errorCode, &errorOffset,
                            nullptr);
    if (!d->code) {
        PCRE2_UCHAR message[256];
        pcre2_get_error_message(errorCode, message, sizeof message / sizeof *message);
        d->errorString = QStringLiteral("%1 at offset %2")
                             .arg(QString::fromUtf16(reinterpret_cast<const char16_t *>(message)))
                             .arg(errorOffset);
        return;
    }
    pcre2_pattern_info(d->code, PCRE2_INFO_CAPTURECOUNT, &d->captureCount);
    // Without JIT (an unsupported CPU) PCRE2 interprets, within the same limits.
    pcre2_jit_compile(d->code, PCRE2_JIT_COMPLETE);
}

RegexPattern::~RegexPattern()
{
    pcre2_code_free(d->code);
}

bool RegexPattern::isValid() const
{
    return d->code != nullptr;
}

QString RegexPattern::errorString() const
{
    return d->errorString;
}

qsizetype RegexPattern::captureCount() const
{
    return qsizetype(d->captureCount);
}

RegexPattern::Result RegexPattern::search(QStringView text) const
{
    return search(text, nullptr, 0);
}

RegexPattern::Result RegexPattern::search(QStringView text, Capture *captures, qsizetype count) const
{
    if (!d->code)
        return Result::NoMatch;
    MatchResources &resources = threadResources();
    pcre2_match_data *data = resources.data;
    if (count > 0) {
        // Room for every group and the whole match; the thread's match data grows to the largest pattern's.
        const uint32_t pairs = d->captureCount + 1;
        if (!resources.captureData || pcre2_get_ovector_count(resources.captureData) < pairs) {
            pcre2_match_data_free(resources.captureData);
            resources.captureData = pcre2_match_data_create(pairs, nullptr);
        }
        data = resources.captureData;
    }
    // An empty view may have no data pointer; PCRE2 wants one.
    static const char16_t empty = 0;
    const auto *subject = text.isEmpty() ? reinterpret_cast<PCRE2_SPTR>(&empty)
                                         : reinterpret_cast<PCRE2_SPTR>(text.utf16());
    const int rc = pcre2_match(d->code, subject, PCRE2_SIZE(text.size()), 0, 0, data, resources.context);
    if (rc == PCRE2_ERROR_NOMATCH)
        return Result::NoMatch;
    if (rc < 0)
        return Result::TooComplex;
    const PCRE2_SIZE *ovector = pcre2_get_ovector_pointer(data);
    for (qsizetype group = 1; group <= count; ++group) {
        const PCRE2_SIZE start = group <= qsizetype(d->captureCount) ? ovector[2 * group] : PCRE2_UNSET;
        captures[group - 1] = start == PCRE2_UNSET
                                  ? Capture()
                                  : Capture{qsizetype(start), qsizetype(ovector[2 * group + 1] - start)};
    }
    return Result::Match;
}

} // namespace ActionNode::Internal
