import { Menu, shell, type MenuItemConstructorOptions } from 'electron';

/** The usual menus (app, File, Edit, View, Window, Help), built from Electron's standard roles. */
export function installAppMenu(options: { readonly dataDir: string; readonly isMac: boolean }): void {
  const template: MenuItemConstructorOptions[] = [
    ...(options.isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open Data Folder', click: () => void shell.openPath(options.dataDir) },
        { type: 'separator' },
        options.isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [{ label: 'Show Log Folder', click: () => void shell.openPath(`${options.dataDir}/logs`) }],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
