; Inno Setup 6 script for the Windows installer of Stagecoach.
; Built by packaging\windows\build.ps1 after PyInstaller, which passes the version and
; the bundle folder:  ISCC /DAppVersion=0.1.0 /DSourceDir=..\..\dist\stagecoach-0.1.0-windows-x86_64 stagecoach.iss
; The result: dist\stagecoach-<version>-windows-x86_64-setup.exe (Start-menu shortcut,
; optional desktop shortcut, an uninstaller in Settings > Apps).

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\stagecoach-" + AppVersion + "-windows-x86_64"
#endif
#ifndef IconFile
  #define IconFile "..\..\build\icons\stagecoach.ico"
#endif

[Setup]
; The AppId identifies the installation for upgrades and the uninstaller: never change it.
AppId={{6F1D3C52-8B1E-4C3A-9E57-2A4D5B7C9E10}
AppName=Stagecoach
AppVersion={#AppVersion}
AppVerName=Stagecoach {#AppVersion}
AppPublisher=Stagecoach contributors
DefaultDirName={autopf}\Stagecoach
DefaultGroupName=Stagecoach
DisableProgramGroupPage=yes
; Per-user install by default (no administrator needed); the dialog offers all users.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=stagecoach-{#AppVersion}-windows-x86_64-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
#if FileExists(IconFile)
SetupIconFile={#IconFile}
#endif
UninstallDisplayIcon={app}\stagecoach.exe
UninstallDisplayName=Stagecoach {#AppVersion}

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Messages]
WelcomeLabel2=This will install [name/ver] on your computer.%n%nAbout your microphone: Stagecoach records only while you answer a question, and your recordings, transcripts and reports never leave this computer (transcription runs locally, no internet needed).%n%nWindows must allow desktop apps to use the microphone: Settings > Privacy & security > Microphone > "Let desktop apps access your microphone" must be On.
FinishedLabel=Setup has finished installing [name] on your computer. Start it from the Start menu.%n%nIf Stagecoach hears nothing, turn on Settings > Privacy & security > Microphone > "Let desktop apps access your microphone". To check the installation, run "stagecoach.exe --self-test" in the installation folder.

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\Stagecoach"; Filename: "{app}\stagecoach.exe"; Comment: "Rehearse spoken interview answers offline"
Name: "{autodesktop}\Stagecoach"; Filename: "{app}\stagecoach.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\stagecoach.exe"; Description: "{cm:LaunchProgram,Stagecoach}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the program itself put next to its files; the user's data folder
; (%APPDATA%\Stagecoach: recordings and history) is left alone on purpose.
Type: filesandordirs; Name: "{app}\_internal\__pycache__"
