# CPack post-build script: completes the -dbgsym packages CPack 3.25 writes
# as Debian's own tools write them. CPack lists the build directory's absolute
# paths in their md5sums and gives them no documentation folder; here each
# .ddeb is unpacked, its md5sums written again from the files it holds, its
# /usr/share/doc/<package>-dbgsym linked to the documentation (copyright,
# changelog) of the package it belongs to, and packed again.
foreach(package_file IN LISTS CPACK_PACKAGE_FILES)
    if(NOT package_file MATCHES "/([^/_]+)-dbgsym_[^/]+\\.ddeb$")
        continue()
    endif()
    set(parent "${CMAKE_MATCH_1}")
    set(root "${package_file}.d")
    file(REMOVE_RECURSE "${root}")
    execute_process(COMMAND dpkg-deb --raw-extract "${package_file}" "${root}" COMMAND_ERROR_IS_FATAL ANY)

    file(MAKE_DIRECTORY "${root}/usr/share/doc")
    file(CREATE_LINK "${parent}" "${root}/usr/share/doc/${parent}-dbgsym" SYMBOLIC)

    file(GLOB_RECURSE files LIST_DIRECTORIES false RELATIVE "${root}" "${root}/usr/lib/debug/*")
    list(SORT files)
    set(md5sums "")
    foreach(file IN LISTS files)
        file(MD5 "${root}/${file}" digest)
        string(APPEND md5sums "${digest}  ${file}\n")
    endforeach()
    file(WRITE "${root}/DEBIAN/md5sums" "${md5sums}")

    execute_process(COMMAND dpkg-deb --root-owner-group --build "${root}" "${package_file}"
                    OUTPUT_QUIET COMMAND_ERROR_IS_FATAL ANY)
    file(REMOVE_RECURSE "${root}")
endforeach()
