; "Open with HyperBagel Studio" for PNG and JPEG files, and the registration that lists the app in
; Windows' Default apps settings. Included through CPACK_NSIS_DEFINES; the two macros run from
; CPACK_NSIS_EXTRA_INSTALL_COMMANDS and CPACK_NSIS_EXTRA_UNINSTALL_COMMANDS (cmake/HbPackaging.cmake).
;
; Everything goes under SHCTX, which MultiUser points at HKLM for an all-users installation and at
; HKCU for a per-user one. The app never becomes the default handler by itself: it is only offered.
; The uninstaller removes exactly the values written here, and a key only when nothing else is in it,
; because .png and .jpg keys are shared with every other image program.

!include LogicLib.nsh

!define HB_PROGID "HyperBagelStudio.Image"
!define HB_EXE_NAME "hyperbagel.exe"
!define HB_EXE_PATH "$INSTDIR\bin\hyperbagel.exe"
!define HB_CLASSES "Software\Classes"
!define HB_CAPABILITIES "Software\HyperBagel\HyperBagel Studio\Capabilities"
!define HB_APP_PATHS "Software\Microsoft\Windows\CurrentVersion\App Paths\hyperbagel.exe"

; SHChangeNotify(SHCNE_ASSOCCHANGED): Explorer rereads the associations without a logoff.
!macro HbNotifyAssociationsChanged
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
!macroend

!macro HbRegisterExtension EXT
  WriteRegStr SHCTX "${HB_CLASSES}\${EXT}\OpenWithProgids" "${HB_PROGID}" ""
  WriteRegStr SHCTX "${HB_CLASSES}\Applications\${HB_EXE_NAME}\SupportedTypes" "${EXT}" ""
  WriteRegStr SHCTX "${HB_CAPABILITIES}\FileAssociations" "${EXT}" "${HB_PROGID}"
!macroend

; Deletes KEY when it holds neither subkeys nor values (NSIS's /ifempty ignores values).
!macro HbDeleteKeyIfEmpty KEY
  ClearErrors
  EnumRegKey $R8 SHCTX "${KEY}" 0
  EnumRegValue $R9 SHCTX "${KEY}" 0
  ${If} $R8 == ""
  ${AndIf} $R9 == ""
    DeleteRegKey SHCTX "${KEY}"
  ${EndIf}
!macroend

!macro HbUnregisterExtension EXT
  DeleteRegValue SHCTX "${HB_CLASSES}\${EXT}\OpenWithProgids" "${HB_PROGID}"
  !insertmacro HbDeleteKeyIfEmpty "${HB_CLASSES}\${EXT}\OpenWithProgids"
  !insertmacro HbDeleteKeyIfEmpty "${HB_CLASSES}\${EXT}"
!macroend

!macro HbRegisterOpenWith
  ; The program class the extensions point at.
  WriteRegStr SHCTX "${HB_CLASSES}\${HB_PROGID}" "" "Image (HyperBagel Studio)"
  WriteRegStr SHCTX "${HB_CLASSES}\${HB_PROGID}\DefaultIcon" "" "${HB_EXE_PATH},0"
  WriteRegStr SHCTX "${HB_CLASSES}\${HB_PROGID}\shell\open\command" "" '"${HB_EXE_PATH}" "%1"'
  ; The application entry behind Explorer's "Open with" list.
  WriteRegStr SHCTX "${HB_CLASSES}\Applications\${HB_EXE_NAME}" "FriendlyAppName" "HyperBagel Studio"
  WriteRegStr SHCTX "${HB_CLASSES}\Applications\${HB_EXE_NAME}\shell\open\command" "" '"${HB_EXE_PATH}" "%1"'
  ; Default apps settings.
  WriteRegStr SHCTX "${HB_CAPABILITIES}" "ApplicationName" "HyperBagel Studio"
  WriteRegStr SHCTX "${HB_CAPABILITIES}" "ApplicationDescription" "Edit and create images from text prompts, and chat about them"
  WriteRegStr SHCTX "Software\RegisteredApplications" "HyperBagel Studio" "${HB_CAPABILITIES}"
  ; "hyperbagel" in the Run dialog and from ShellExecute.
  WriteRegStr SHCTX "${HB_APP_PATHS}" "" "${HB_EXE_PATH}"
  WriteRegStr SHCTX "${HB_APP_PATHS}" "Path" "$INSTDIR\bin"
  !insertmacro HbRegisterExtension ".png"
  !insertmacro HbRegisterExtension ".jpg"
  !insertmacro HbRegisterExtension ".jpeg"
  !insertmacro HbNotifyAssociationsChanged
!macroend

!macro HbUnregisterOpenWith
  !insertmacro HbUnregisterExtension ".png"
  !insertmacro HbUnregisterExtension ".jpg"
  !insertmacro HbUnregisterExtension ".jpeg"
  DeleteRegKey SHCTX "${HB_CLASSES}\${HB_PROGID}"
  DeleteRegKey SHCTX "${HB_CLASSES}\Applications\${HB_EXE_NAME}"
  DeleteRegValue SHCTX "Software\RegisteredApplications" "HyperBagel Studio"
  DeleteRegKey SHCTX "${HB_CAPABILITIES}"
  DeleteRegKey SHCTX "${HB_APP_PATHS}"
  !insertmacro HbNotifyAssociationsChanged
!macroend
