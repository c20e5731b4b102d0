# a .git file (a submodule or worktree copied without its git folder) that
# points nowhere: not a repository libgit2 can open, and not a plain folder
# either (walking it would ignore what git ignores); exit 2
printf 'gitdir: /nonexistent/modules/sub\n' > .git
