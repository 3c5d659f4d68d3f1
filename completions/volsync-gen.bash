# bash completion for volsync-gen                                  -*- shell-script -*-
# Installed to share/bash-completion/completions/volsync-gen (loaded on demand by bash-completion),
# or source it from ~/.bashrc.

_volsync_gen() {
  local cur prev words cword
  if declare -F _init_completion >/dev/null 2>&1; then
    _init_completion || return
  else
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    words=("${COMP_WORDS[@]}")
    cword=$COMP_CWORD
  fi

  local cmd="" i
  for ((i = 1; i < cword; i++)); do
    case ${words[i]} in
      adopt | function | inventory | lint | render) cmd=${words[i]}; break ;;
      -*) ;;
      *) break ;;
    esac
  done

  local common="-h --help --version --schemas --max-input-bytes"
  case $cmd in
    adopt)
      case $prev in
        --max-input-bytes) return ;;
      esac
      if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "-h --help --version --max-input-bytes" -- "$cur"))
      else
        COMPREPLY=($(compgen -f -- "$cur"))
      fi
      ;;
    inventory)
      case $prev in
        -f | --format) COMPREPLY=($(compgen -W "markdown json csv html svg" -- "$cur")); return ;;
        --now | --runs | --max-per-minute) return ;;
      esac
      if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "-h --help --version -f --format --now --runs --max-per-minute" -- "$cur"))
      else
        COMPREPLY=($(compgen -f -- "$cur"))
      fi
      ;;
    lint)
      case $prev in
        -f | --format) COMPREPLY=($(compgen -W "text json sarif github" -- "$cur")); return ;;
        --disable)
          COMPREPLY=($(compgen -W "$("${words[0]}" lint --list-rules 2>/dev/null | cut -f1)" -- "$cur"))
          return ;;
        --schemas) COMPREPLY=($(compgen -f -- "$cur")); return ;;
        --max-input-bytes) return ;;
      esac
      if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$common -f --format --disable --list-rules" -- "$cur"))
      else
        COMPREPLY=($(compgen -f -- "$cur"))
      fi
      ;;
    render)
      case $prev in
        -o | --output | --templates) COMPREPLY=($(compgen -d -- "$cur")); return ;;
        --config | --schemas) COMPREPLY=($(compgen -f -- "$cur")); return ;;
        --exclude | --max-input-bytes) return ;;
      esac
      if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$common -o --output --config --check --allow-plaintext-secrets --exclude \
          --templates -q --quiet" -- "$cur"))
      else
        COMPREPLY=($(compgen -d -- "$cur"))
      fi
      ;;
    *)
      case $prev in
        --templates) COMPREPLY=($(compgen -d -- "$cur")); return ;;
        --schemas) COMPREPLY=($(compgen -f -- "$cur")); return ;;
        --max-input-bytes) return ;;
      esac
      if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$common --templates" -- "$cur"))
      elif [[ -z $cmd ]]; then
        # the first word: a command, or a config file for the legacy kustomize plugin mode
        COMPREPLY=($(compgen -W "adopt function inventory lint render" -- "$cur") $(compgen -f -- "$cur"))
      else
        COMPREPLY=($(compgen -f -- "$cur"))
      fi
      ;;
  esac
}
complete -o filenames -F _volsync_gen volsync-gen
