// A license document from anyone: parsed and verified, valid or refused with a reason.
#include <actionnode/license.h>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray document(reinterpret_cast<const char *>(data), qsizetype(size));
    const ActionNode::License license = ActionNode::License::fromJson(document);
    if (!license.isValid() && license.errorString().isEmpty())
        qFatal("a license refused without a reason");
    (void)license.hasBundle(QStringLiteral("video_audio_live"));
    return 0;
}
