# Packaging: Windows runtime deployment and the CPack configuration (.deb and .tar.gz on Linux, NSIS
# installer and .zip on Windows). Included last by the top-level CMakeLists.txt, after every target
# and install rule exists; packaging/CMakeLists.txt installs the data files (desktop entry, icons,
# AppStream metainfo, model, samples). packaging/README.md says what a maintainer runs.
#
#   cpack -G DEB / -G TGZ        in a Linux build directory
#   cpack -G NSIS -C Release     in a Windows build directory (.github/workflows/windows.yml)
include_guard(GLOBAL)

set(HB_APP_ID "io.github.hyperbagel.Studio") # desktop entry, icons and metainfo are named after it
set(HB_PACKAGING_DIR "${PROJECT_SOURCE_DIR}/packaging")

# -- one version: the metainfo's newest release must be this project's version ------------------
file(READ "${PROJECT_SOURCE_DIR}/resources/linux/${HB_APP_ID}.metainfo.xml" _hb_metainfo)
string(REGEX MATCH "<release[^>]* version=\"([^\"]*)\"" _hb_release "${_hb_metainfo}")
if(NOT CMAKE_MATCH_1 STREQUAL PROJECT_VERSION)
  message(WARNING "resources/linux/${HB_APP_ID}.metainfo.xml: the newest <release> is "
    "'${CMAKE_MATCH_1}', the project is ${PROJECT_VERSION}: add a <release> entry for it")
endif()
unset(_hb_metainfo)
unset(_hb_release)

# -- Windows: everything the executables load at run time goes next to them in bin/ -------------
function(hb_install_windows_runtime)
  set(exes hyperbagel-cli)
  if(TARGET hyperbagel)
    list(APPEND exes hyperbagel)
    # The window and the installer's shortcuts show the app icon, with the version in Properties.
    configure_file("${HB_PACKAGING_DIR}/windows/hyperbagel.rc.in"
      "${PROJECT_BINARY_DIR}/generated/hyperbagel.rc" @ONLY)
    target_sources(hyperbagel PRIVATE "${PROJECT_BINARY_DIR}/generated/hyperbagel.rc")
  endif()

  # libtorch: every DLL of the archive. A CUDA build of libtorch carries the CUDA runtime, cuBLAS
  # and cuDNN there, and cuDNN loads some of its parts by name, which no import table shows.
  set(torch_dir "${TORCH_INSTALL_PREFIX}")
  if(NOT torch_dir AND TORCH_LIB)
    get_filename_component(torch_dir "${TORCH_LIB}/../.." ABSOLUTE)
  endif()
  file(GLOB torch_dlls "${torch_dir}/lib/*.dll")
  if(torch_dlls)
    install(FILES ${torch_dlls} DESTINATION bin)
  else()
    message(WARNING "HbPackaging: no libtorch DLLs under '${torch_dir}/lib'; the installer will lack them")
  endif()

  # Our own CUDA kernels link cudart statically; the CUDA libraries libtorch was built against come
  # with libtorch (above). The toolkit's bin/ only helps the search below find anything else.
  set(search_dirs "${torch_dir}/lib")
  if(CUDAToolkit_BIN_DIR)
    list(APPEND search_dirs "${CUDAToolkit_BIN_DIR}")
  endif()
  if(VCPKG_INSTALLED_DIR AND VCPKG_TARGET_TRIPLET)
    list(APPEND search_dirs "${VCPKG_INSTALLED_DIR}/${VCPKG_TARGET_TRIPLET}/bin")
  endif()

  # OpenCV, spdlog, fmt, ICU (vcpkg): the DLLs of the imported targets, then whatever those load
  # in turn (zlib, libpng, libjpeg, ...), found by walking import tables with dumpbin at install time.
  # Qt is left to windeployqt (it also needs plugins); the C runtime to InstallRequiredSystemLibraries.
  get_filename_component(msvc_bin "${CMAKE_CXX_COMPILER}" DIRECTORY)
  find_program(HB_DUMPBIN dumpbin HINTS "${msvc_bin}")
  set(known_dlls "")
  set(exe_files "")
  foreach(exe IN LISTS exes)
    string(APPEND known_dlls "$<TARGET_RUNTIME_DLLS:${exe}>;")
    list(APPEND exe_files "$<TARGET_FILE:${exe}>")
  endforeach()
  install(CODE "
    cmake_policy(PUSH)
    cmake_policy(VERSION 3.25) # install scripts run with no policies set
    set(hb_known_dlls \"${known_dlls}\")
    list(REMOVE_DUPLICATES hb_known_dlls)
    list(REMOVE_ITEM hb_known_dlls \"\")
    set(hb_dirs \"${search_dirs}\")
    foreach(dll IN LISTS hb_known_dlls)
      get_filename_component(dir \"\${dll}\" DIRECTORY)
      list(APPEND hb_dirs \"\${dir}\")
    endforeach()
    if(hb_known_dlls)
      file(INSTALL DESTINATION \"\${CMAKE_INSTALL_PREFIX}/bin\" TYPE SHARED_LIBRARY FILES \${hb_known_dlls})
    endif()
    set(CMAKE_GET_RUNTIME_DEPENDENCIES_PLATFORM windows+pe)
    set(CMAKE_GET_RUNTIME_DEPENDENCIES_TOOL dumpbin)
    set(CMAKE_GET_RUNTIME_DEPENDENCIES_COMMAND \"${HB_DUMPBIN}\")
    file(GET_RUNTIME_DEPENDENCIES
      EXECUTABLES ${exe_files}
      LIBRARIES \${hb_known_dlls}
      DIRECTORIES \${hb_dirs}
      PRE_EXCLUDE_REGEXES \"^api-ms-\" \"^ext-ms-\" \"^[Qq]t6\"
      POST_EXCLUDE_REGEXES \"[Ss]ystem32\" \"[Ss]ys[Ww][Oo][Ww]64\"
      RESOLVED_DEPENDENCIES_VAR hb_resolved
      UNRESOLVED_DEPENDENCIES_VAR hb_unresolved)
    foreach(dll IN LISTS hb_resolved)
      file(INSTALL DESTINATION \"\${CMAKE_INSTALL_PREFIX}/bin\" TYPE SHARED_LIBRARY FILES \"\${dll}\")
    endforeach()
    if(hb_unresolved)
      message(WARNING \"HbPackaging: DLLs not found (they must come from the system): \${hb_unresolved}\")
    endif()
    cmake_policy(POP)
  ")

  # Qt: its DLLs, the platform/style/image-format plugins and Qt's own translations.
  if(TARGET hyperbagel)
    if(TARGET Qt6::windeployqt)
      set(windeployqt "$<TARGET_FILE:Qt6::windeployqt>")
    else()
      find_program(HB_WINDEPLOYQT windeployqt HINTS "${Qt6_DIR}/../../../bin")
      set(windeployqt "${HB_WINDEPLOYQT}")
    endif()
    if(windeployqt)
      install(CODE "
        execute_process(COMMAND \"${windeployqt}\" $<IF:$<CONFIG:Debug>,--debug,--release>
            --no-compiler-runtime --no-system-d3d-compiler --no-opengl-sw --no-quick-import
            --dir \"\${CMAKE_INSTALL_PREFIX}/bin\" \"\${CMAKE_INSTALL_PREFIX}/bin/hyperbagel.exe\"
          RESULT_VARIABLE rc)
        if(NOT rc EQUAL 0)
          message(FATAL_ERROR \"windeployqt failed (\${rc})\")
        endif()
      ")
    else()
      message(WARNING "HbPackaging: windeployqt not found; the installer will lack Qt")
    endif()
  endif()

  # The Visual C++ runtime (vcruntime, msvcp, vcomp for OpenMP users).
  set(CMAKE_INSTALL_SYSTEM_RUNTIME_DESTINATION bin)
  set(CMAKE_INSTALL_OPENMP_LIBRARIES ON)
  include(InstallRequiredSystemLibraries)
endfunction()

if(WIN32)
  hb_install_windows_runtime()
endif()

# -- CPack: one package of everything installed -------------------------------------------------
set(CPACK_PACKAGE_NAME "hyperbagel-studio")
set(CPACK_PACKAGE_VENDOR "HyperBagel")
set(CPACK_PACKAGE_CONTACT "HyperBagel Studio developers <dev@hyperbagel.invalid>")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Live prompt-driven image editing, generation and chat with BAGEL")
# Line breaks kept short for the Debian control file's extended description.
string(CONCAT CPACK_PACKAGE_DESCRIPTION
  "HyperBagel Studio edits and generates images from plain-language instructions\n"
  "and answers questions about the picture on its canvas, running the BAGEL\n"
  "multimodal model natively. It includes a small ShapeWorld model that works on\n"
  "any CPU, and hyperbagel-cli for scripted and headless use.")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "HyperBagel Studio")
set(CPACK_PACKAGE_INSTALL_REGISTRY_KEY "HyperBagel Studio") # no version: an upgrade replaces it
set(CPACK_PACKAGE_EXECUTABLES "hyperbagel" "HyperBagel Studio")
set(CPACK_CREATE_DESKTOP_LINKS "hyperbagel")
set(CPACK_STRIP_FILES ON)         # debug info: hyperbagel is 77 MB in build-dev, 2 MB stripped
set(CPACK_VERBATIM_VARIABLES ON)  # values below reach NSIS exactly as written
set(CPACK_MODULE_PATH "${HB_PACKAGING_DIR}/windows") # our NSIS.template.in replaces CPack's
if(WIN32)
  set(CPACK_GENERATOR "NSIS;ZIP")
  set(CPACK_SYSTEM_NAME "win64")
else()
  set(CPACK_GENERATOR "DEB;TGZ")
  string(TOLOWER "${CMAKE_SYSTEM_NAME}-${CMAKE_SYSTEM_PROCESSOR}" CPACK_SYSTEM_NAME)
endif()

# .deb: dependencies from dpkg-shlibdeps; no maintainer scripts (dpkg triggers refresh the desktop,
# icon and MIME caches), so removing the package leaves nothing but user data.
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION "graphics")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_COMPRESSION_TYPE "xz")
# OpenBLAS: Debian's libtorch falls back to the reference BLAS, ~30x slower. The image-format
# plugins open WebP and TIFF; the CJK font draws the Japanese and Chinese interface.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libopenblas0-openmp, qt6-image-formats-plugins, fonts-wqy-microhei")

# NSIS (packaging/windows/NSIS.template.in): per-user or all-users, shortcuts, "Open with".
set(CPACK_NSIS_PACKAGE_NAME "HyperBagel Studio")
set(CPACK_NSIS_DISPLAY_NAME "HyperBagel Studio ${PROJECT_VERSION}")
set(CPACK_NSIS_MUI_ICON "${HB_PACKAGING_DIR}/windows/hyperbagel.ico")
set(CPACK_NSIS_MUI_UNIICON "${HB_PACKAGING_DIR}/windows/hyperbagel.ico")
set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\hyperbagel.exe")
set(CPACK_NSIS_MUI_FINISHPAGE_RUN "hyperbagel.exe")
set(CPACK_NSIS_COMPRESSOR "/SOLID lzma")
set(CPACK_NSIS_MANIFEST_DPI_AWARE ON)
set(CPACK_NSIS_DEFINES "!include \"${HB_PACKAGING_DIR}/windows/open-with.nsh\"")
set(CPACK_NSIS_EXTRA_INSTALL_COMMANDS "!insertmacro HbRegisterOpenWith")
set(CPACK_NSIS_EXTRA_UNINSTALL_COMMANDS "!insertmacro HbUnregisterOpenWith")

include(CPack)
