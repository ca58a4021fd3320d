# Writes the manual pages of actionnode, of each of its commands and of
# actionnode-emulator with help2man, from the text the programs print for
# --help, so that a page cannot say other than the program does. Compressed
# as Debian installs them (gzip -9n: no name, no time stamp).
#
#   cmake -DHELP2MAN=<help2man> -DGZIP=<gzip> -DBIN_DIR=<dir of actionnode and actionnode-emulator>
#         -DVERSION=<x.y.z> -DDESCRIPTION=<one line> -DCOMMAND_DIR=<out> -DEMULATOR_DIR=<out> -P GenerateManPages.cmake
#
# The commands are the ones 'actionnode --help' lists; 'serve --http' has a
# page of its own, its options being those of the HTTP host.

foreach(variable HELP2MAN GZIP BIN_DIR VERSION DESCRIPTION COMMAND_DIR EMULATOR_DIR)
    if(NOT DEFINED ${variable})
        message(FATAL_ERROR "GenerateManPages.cmake: ${variable} is not set")
    endif()
endforeach()

# help2man's NAME line: a phrase, lower case, no final period.
function(whatis_of text output)
    string(REGEX REPLACE "\\.$" "" text "${text}")
    string(SUBSTRING "${text}" 0 1 first)
    string(SUBSTRING "${text}" 1 -1 rest)
    string(TOLOWER "${first}" first)
    set(${output} "${first}${rest}" PARENT_SCOPE)
endfunction()

# The line a program's --help prints under its usage, up to its first period.
function(description_of program help_option output)
    separate_arguments(arguments UNIX_COMMAND "${help_option}")
    execute_process(COMMAND "${BIN_DIR}/${program}" ${arguments} OUTPUT_VARIABLE help RESULT_VARIABLE result)
    if(NOT result EQUAL 0 OR NOT help MATCHES "^Usage: [^\n]*\n([^\n.]+)")
        message(FATAL_ERROR "${program} ${help_option} printed no description:\n${help}")
    endif()
    set(${output} "${CMAKE_MATCH_1}" PARENT_SCOPE)
endfunction()

# write_page(<dir> <page> <program> <whatis> <help option> [help2man arguments...])
function(write_page dir page program whatis help_option)
    whatis_of("${whatis}" whatis)
    # The programs run by name from BIN_DIR, so their usage lines name them as a user types them.
    execute_process(
        COMMAND "${CMAKE_COMMAND}" -E env "PATH=${BIN_DIR}:$ENV{PATH}"
                "${HELP2MAN}" --no-info --section=1 "--source=actionnode ${VERSION}" "--manual=actionnode manual"
                "--version-string=${page} ${VERSION}" "--name=${whatis}" "--help-option=${help_option}" ${ARGN}
                "--output=${dir}/${page}.1" "${program}"
        RESULT_VARIABLE result ERROR_VARIABLE error)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "help2man could not write ${page}.1: ${error}")
    endif()
    execute_process(COMMAND "${GZIP}" -9nf "${dir}/${page}.1" RESULT_VARIABLE result)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "gzip could not compress ${dir}/${page}.1")
    endif()
endfunction()

file(REMOVE_RECURSE "${COMMAND_DIR}" "${EMULATOR_DIR}")
file(MAKE_DIRECTORY "${COMMAND_DIR}" "${EMULATOR_DIR}")

# "  run       Run an action ..." lines under "Commands:".
execute_process(COMMAND "${BIN_DIR}/actionnode" --help OUTPUT_VARIABLE usage RESULT_VARIABLE result)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "actionnode --help failed (${result})")
endif()
# A summary may hold a semicolon, CMake's list separator: kept aside while listing.
string(REPLACE ";" "<semicolon>" usage "${usage}")
string(REGEX MATCHALL "\n  [a-z]+ +[^\n]+" command_lines "${usage}")
if(NOT command_lines)
    message(FATAL_ERROR "actionnode --help lists no command:\n${usage}")
endif()
set(see_also "")
foreach(line IN LISTS command_lines)
    string(REGEX MATCH "^\n  ([a-z]+) +(.+)$" _ "${line}")
    set(command "${CMAKE_MATCH_1}")
    string(REPLACE "<semicolon>" ";" summary "${CMAKE_MATCH_2}")
    write_page("${COMMAND_DIR}" "actionnode-${command}" actionnode "${summary}" "${command} --help")
    string(APPEND see_also ".BR actionnode-${command} (1),\n")
endforeach()
set(serve_http "serve --http 127.0.0.1:0 --help")
description_of(actionnode "${serve_http}" serve_http_description)
write_page("${COMMAND_DIR}" actionnode-serve-http actionnode "${serve_http_description}" "${serve_http}")
string(APPEND see_also ".BR actionnode-serve-http (1),\n.BR actionnode-emulator (1)\n")

file(WRITE "${COMMAND_DIR}/see-also.h2m" "[SEE ALSO]\n${see_also}")
write_page("${COMMAND_DIR}" actionnode actionnode "${DESCRIPTION}" --help "--include=${COMMAND_DIR}/see-also.h2m")
file(REMOVE "${COMMAND_DIR}/see-also.h2m")

description_of(actionnode-emulator --help emulator_description)
write_page("${EMULATOR_DIR}" actionnode-emulator actionnode-emulator "${emulator_description}" --help
           "--include=${CMAKE_CURRENT_LIST_DIR}/actionnode-emulator.h2m")
