# Packaging: what `cmake --install` puts where, and the Debian package CPack makes of it
# (`cmake --build build --target package` → build/cedu_<version>_<arch>.deb).
#
#   /usr/bin/cedu, /usr/bin/cedu-*         every program (the CLI, the broker, the services,
#                                          cedu-plugin-host)
#   /usr/lib/cedu/plugins/*.so             the town-school plugins (where a service installed
#                                          in /usr/bin looks for them, docs/plugins.md)
#   /usr/include/cedu, /usr/lib/cmake/cedu the plugin SDK (component "sdk", plugins/sdk)
#   /etc/cedu/                             every configs/**/*.yaml (conffiles); cedu.yaml and
#                                          acl.yaml with their paths rewritten for an
#                                          installed system: data in /var/lib/cedu, keys in
#                                          /var/lib/cedu/keys, configs in /etc/cedu
#   /usr/lib/systemd/system/               the units of compose/systemd/
#   /var/lib/cedu                          made by postinst, owned by the user cedu
#
# Included at the end of the top-level CMakeLists.txt, once every target exists.
# Everything but the SDK is install component "server"; its /etc/cedu is absolute, so a
# whole `cmake --install` outside a package wants DESTDIR (the SDK alone: --component sdk).

include(GNUInstallDirs)

set(CEDU_ETC /etc/cedu)
set(CEDU_VAR /var/lib/cedu)

# The programs and plugins of the product: executables named cedu or cedu-* and plugin
# modules, in every folder but tests/, bench/ and examples/ (their helpers are not shipped).
function(cedu_collect_shipped dir out_programs out_plugins)
  set(programs "")
  set(plugins "")
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  foreach(t IN LISTS targets)
    get_target_property(type ${t} TYPE)
    if(type STREQUAL "EXECUTABLE" AND t MATCHES "^cedu(-.+)?$")
      list(APPEND programs ${t})
    elseif(type STREQUAL "MODULE_LIBRARY")
      list(APPEND plugins ${t})
    endif()
  endforeach()
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(sub IN LISTS subdirs)
    file(RELATIVE_PATH rel ${PROJECT_SOURCE_DIR} ${sub})
    if(rel MATCHES "^(tests|bench|examples)(/|$)")
      continue()
    endif()
    cedu_collect_shipped(${sub} sub_programs sub_plugins)
    list(APPEND programs ${sub_programs})
    list(APPEND plugins ${sub_plugins})
  endforeach()
  set(${out_programs} ${programs} PARENT_SCOPE)
  set(${out_plugins} ${plugins} PARENT_SCOPE)
endfunction()

cedu_collect_shipped(${PROJECT_SOURCE_DIR} CEDU_SHIPPED_PROGRAMS CEDU_SHIPPED_PLUGINS)
install(TARGETS ${CEDU_SHIPPED_PROGRAMS} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        COMPONENT server)
install(TARGETS ${CEDU_SHIPPED_PLUGINS} LIBRARY DESTINATION lib/cedu/plugins COMPONENT server)

# configs/cedu.yaml and configs/acl.yaml name paths relative to the repository root (var/,
# configs/); installed, they point at /var/lib/cedu and /etc/cedu. Rewritten here rather
# than kept twice, so the installed files follow every change to the shipped ones.
function(cedu_installed_config name out)
  file(READ ${PROJECT_SOURCE_DIR}/configs/${name} text)
  string(REGEX REPLACE "(data_dir: )var\n" "\\1${CEDU_VAR}\n" text "${text}")
  # Every path that starts with var/ or configs/, in values and in comments alike.
  string(REGEX REPLACE "([^A-Za-z0-9_./-])var/" "\\1${CEDU_VAR}/" text "${text}")
  string(REGEX REPLACE "([^A-Za-z0-9_./-])configs/" "\\1${CEDU_ETC}/" text "${text}")
  set(header "# Installed by the cedu package from the repository's configs/${name}: data in\n"
             "# ${CEDU_VAR}, keys in ${CEDU_VAR}/keys, configs in ${CEDU_ETC}.\n")
  string(JOIN "" text ${header} "${text}")
  file(GENERATE OUTPUT ${out} CONTENT "${text}")
  # Re-run configure when the source changes, so the rewrite stays current.
  set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
               ${PROJECT_SOURCE_DIR}/configs/${name})
endfunction()

set(CEDU_PKG_DIR ${PROJECT_BINARY_DIR}/packaging)
cedu_installed_config(cedu.yaml ${CEDU_PKG_DIR}/etc/cedu.yaml)
cedu_installed_config(acl.yaml ${CEDU_PKG_DIR}/etc/acl.yaml)
install(FILES ${CEDU_PKG_DIR}/etc/cedu.yaml ${CEDU_PKG_DIR}/etc/acl.yaml
        DESTINATION ${CEDU_ETC} COMPONENT server)
# Every other config as it is: network.yaml, volunteer.yaml, standards/, towns/, funding/, …
install(DIRECTORY ${PROJECT_SOURCE_DIR}/configs/ DESTINATION ${CEDU_ETC} COMPONENT server
        FILES_MATCHING PATTERN "*.yaml"
        PATTERN "cedu.yaml" EXCLUDE PATTERN "acl.yaml" EXCLUDE)

# The systemd units: every file of compose/systemd/ that is a unit.
file(GLOB CEDU_UNITS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/compose/systemd/*.service
     ${PROJECT_SOURCE_DIR}/compose/systemd/*.target)
install(FILES ${CEDU_UNITS} DESTINATION lib/systemd/system COMPONENT server)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}
        COMPONENT server FILES_MATCHING PATTERN "*.md")

# Every file under /etc/cedu is a conffile: dpkg keeps the administrator's edits on upgrade.
# The list is made from what is shipped (data files, hence the glob: a new town's file must
# become a conffile without anyone remembering to list it).
file(GLOB_RECURSE CEDU_CONFIGS CONFIGURE_DEPENDS RELATIVE ${PROJECT_SOURCE_DIR}/configs
     ${PROJECT_SOURCE_DIR}/configs/*.yaml)
set(conffiles "")
foreach(f ${CEDU_CONFIGS})
  string(APPEND conffiles "${CEDU_ETC}/${f}\n")
endforeach()
file(WRITE ${CEDU_PKG_DIR}/debian/conffiles "${conffiles}")
foreach(script postinst prerm postrm)
  configure_file(${PROJECT_SOURCE_DIR}/compose/debian/${script}
                 ${CEDU_PKG_DIR}/debian/${script} @ONLY FILE_PERMISSIONS
                 OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
                 WORLD_READ WORLD_EXECUTE)
endforeach()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME cedu)
set(CPACK_PACKAGE_VENDOR "Panyu District community education (番禺区社区教育)")
set(CPACK_PACKAGE_CONTACT "cedu maintainers <cedu@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "community-education service suite (社区教育) on a ZeroMQ bus")
set(CPACK_PACKAGE_DESCRIPTION
    "The cedu broker (cedu-bus), its services (teacher, volunteer, course and project \
libraries, funding, evaluation), the cedu command line, the town-school plugins and their SDK, \
with systemd units and default configs in /etc/cedu.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # cedu_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The runtime libraries come from dpkg-shlibdeps (libzmq5, libsqlite3-0, libyaml-cpp0.7, …);
# adduser for postinst's system user.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${CEDU_PKG_DIR}/debian/conffiles ${CEDU_PKG_DIR}/debian/postinst
    ${CEDU_PKG_DIR}/debian/prerm ${CEDU_PKG_DIR}/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# Stripped, as Debian ships programs (the build tree keeps the debug information).
set(CPACK_STRIP_FILES ON)
include(CPack)
