#pragma once

#include <QStringView>

#include <string_view>

namespace ActionNode::Internal {

/*!
    The number of characters (Unicode code points) in \a text, as JSON
    Schema counts a string's length: a surrogate pair is one character, and
    so is a lone surrogate (one replacement character in UTF-8). Counted in
    place, without the copy QStringView::toUcs4() makes.
*/
inline qsizetype characterCount(QStringView text)
{
    qsizetype count = text.size();
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i).isHighSurrogate() && text.at(i + 1).isLowSurrogate()) {
            --count;
            ++i;
        }
    }
    return count;
}

//! The same for valid UTF-8: every byte but a continuation byte starts a character.
inline qsizetype characterCount(std::string_view utf8)
{
    qsizetype count = 0;
    for (const char byte : utf8)
        count += (static_cast<unsigned char>(byte) & 0xc0) != 0x80;
    return count;
}

} // namespace ActionNode::Internal
