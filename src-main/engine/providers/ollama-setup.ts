import type { InstallGuide, OperatingSystem, RecommendedModel } from '../../../src-shared/schemas/models';
import type { ModelInfo } from '../../../src-shared/schemas/providers';

/** The system Quarry runs on, in the words Ollama's download page uses. */
export function operatingSystemOf(platform: string): OperatingSystem {
  if (platform === 'linux') return 'linux';
  if (platform === 'darwin') return 'macos';
  if (platform === 'win32') return 'windows';
  return 'other';
}

/** How to install and start Ollama, following ollama.com/download for each system. */
export function ollamaInstallGuide(system: OperatingSystem): InstallGuide {
  switch (system) {
    case 'linux':
      return {
        system,
        downloadUrl: 'https://ollama.com/download/linux',
        steps: [
          { text: 'Install Ollama with its install script:', command: 'curl -fsSL https://ollama.com/install.sh | sh' },
          { text: 'The script starts Ollama as a service; if it is not running, start it:', command: 'ollama serve' },
          { text: 'Come back here: Quarry finds it at the address below and offers models to download.', command: null },
        ],
      };
    case 'macos':
      return {
        system,
        downloadUrl: 'https://ollama.com/download/mac',
        steps: [
          { text: 'Download Ollama for macOS, open the file and move Ollama to Applications.', command: null },
          {
            text: 'Open Ollama from Applications (it runs in the menu bar), or with Homebrew:',
            command: 'brew install ollama && ollama serve',
          },
          { text: 'Come back here: Quarry finds it at the address below and offers models to download.', command: null },
        ],
      };
    case 'windows':
      return {
        system,
        downloadUrl: 'https://ollama.com/download/windows',
        steps: [
          { text: 'Download OllamaSetup.exe and run it (or use winget):', command: 'winget install Ollama.Ollama' },
          { text: 'Ollama starts in the notification area; if it is not running, open Ollama from the Start menu.', command: null },
          { text: 'Come back here: Quarry finds it at the address below and offers models to download.', command: null },
        ],
      };
    case 'other':
      return {
        system,
        downloadUrl: 'https://ollama.com/download',
        steps: [
          { text: 'Install Ollama for your system from its download page, then start it:', command: 'ollama serve' },
          { text: 'Come back here: Quarry finds it at the address below and offers models to download.', command: null },
        ],
      };
    default: {
      const never: never = system;
      return never;
    }
  }
}

const recommendations: readonly Omit<RecommendedModel, 'installed'>[] = [
  {
    model: 'llama3.2',
    kind: 'chat',
    description: 'A small chat model (3B, about 2 GB) that answers with citations on an ordinary laptop.',
  },
  {
    model: 'nomic-embed-text',
    kind: 'embedding',
    description: 'An embedding model (about 270 MB) that finds passages by meaning; make it the library’s embedder after pulling.',
  },
];

/** The models worth pulling first, marked when Ollama already has them. */
export function recommendedModels(installed: readonly ModelInfo[]): RecommendedModel[] {
  const names = new Set(installed.map((model) => model.model.replace(/:latest$/, '')));
  return recommendations.map((entry) => ({ ...entry, installed: names.has(entry.model) }));
}
