//! Finding templates in a directory tree: `inventory DIR`, `review --template DIR`.
//!
//! Found, recursively, in name order: `template.yaml|yml|json` (SAM, CloudFormation), `*.template.json`
//! under a `cdk.out` directory (CDK synth output), `.serverless/cloudformation-template-*.json`
//! (Serverless Framework) and Terraform plan JSON, told by its content (`format_version` with
//! `terraform_version` or `planned_values` near the start of a `.json` file). Skipped: hidden
//! directories other than `.serverless` (`.git`, `.aws-sam` whose build copies the source template,
//! `.terraform`), `node_modules`, `target`, CDK's `asset.*` directories, and symbolic links (a link
//! loop cannot hang the walk). Bounded: [`MAX_WALK_DEPTH`] levels, [`MAX_WALK_ENTRIES`] entries seen.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The deepest directory level searched below the path given.
pub const MAX_WALK_DEPTH: usize = 32;
/// The most directory entries looked at in one walk (a walk of `/` stops with an error, not an hour).
pub const MAX_WALK_ENTRIES: usize = 200_000;
/// How much of a `.json` file is read to tell a Terraform plan.
const SNIFF_BYTES: usize = 4096;

/// The templates and plans under `dir`, in name order; an error names the bound or the directory that
/// could not be read.
pub fn templates_in(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    let mut seen = 0usize;
    // (directory, depth, inside cdk.out, is .serverless)
    let mut stack = vec![(dir.to_path_buf(), 0usize, false, false)];
    while let Some((d, depth, cdk, serverless)) = stack.pop() {
        let mut entries: Vec<(String, PathBuf, fs::FileType)> = Vec::new();
        let rd = fs::read_dir(&d).map_err(|e| format!("{}: cannot be read ({e})", d.display()))?;
        for e in rd {
            let e = e.map_err(|e| format!("{}: cannot be read ({e})", d.display()))?;
            seen += 1;
            if seen > MAX_WALK_ENTRIES {
                return Err(format!(
                    "{}: more than {MAX_WALK_ENTRIES} entries below it: give the directories that hold the templates",
                    dir.display()
                ));
            }
            let Ok(ty) = e.file_type() else { continue };
            entries.push((e.file_name().to_string_lossy().into_owned(), e.path(), ty));
        }
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut subdirs = Vec::new();
        for (name, path, ty) in entries {
            if ty.is_symlink() {
                continue;
            }
            if ty.is_dir() {
                if depth < MAX_WALK_DEPTH && !skipped_dir(&name) {
                    subdirs.push((
                        path,
                        depth + 1,
                        cdk || name == "cdk.out",
                        name == ".serverless",
                    ));
                }
                continue;
            }
            if ty.is_file() && is_template(&name, &path, cdk, serverless) {
                out.push(path);
            }
        }
        // Depth first, in name order: the last pushed is walked first.
        stack.extend(subdirs.into_iter().rev());
    }
    Ok(out)
}

fn skipped_dir(name: &str) -> bool {
    (name.starts_with('.') && name != ".serverless")
        || name == "node_modules"
        || name == "target"
        || name.starts_with("asset.")
}

fn is_template(name: &str, path: &Path, cdk: bool, serverless: bool) -> bool {
    let lower = name.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "template.yaml" | "template.yml" | "template.json"
    ) {
        return true;
    }
    if cdk && lower.ends_with(".template.json") {
        return true;
    }
    if serverless && lower.starts_with("cloudformation-template-") && lower.ends_with(".json") {
        return true;
    }
    lower.ends_with(".json") && is_plan(path)
}

/// Whether a JSON file starts like `terraform show -json`'s output.
fn is_plan(path: &Path) -> bool {
    let Ok(f) = fs::File::open(path) else {
        return false;
    };
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    if f.take(SNIFF_BYTES as u64).read_to_end(&mut head).is_err() {
        return false;
    }
    let head = String::from_utf8_lossy(&head);
    head.trim_start().starts_with('{')
        && head.contains("\"format_version\"")
        && (head.contains("\"terraform_version\"") || head.contains("\"planned_values\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_kind_and_skips_build_copies() {
        let d = tempfile::tempdir().unwrap();
        let w = |p: &str, text: &str| {
            let p = d.path().join(p);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, text).unwrap();
        };
        w("svc-a/template.yaml", "Resources: {}");
        w("svc-a/.aws-sam/build/template.yaml", "Resources: {}");
        w("svc-b/cdk.out/B.template.json", "{}");
        w("svc-b/cdk.out/manifest.json", "{\"version\": \"36.0.0\"}");
        w("svc-b/cdk.out/asset.abc/template.yaml", "x");
        w("svc-b/other.template.json", "{}");
        w(
            "svc-c/.serverless/cloudformation-template-update-stack.json",
            "{}",
        );
        w(
            "infra/plan.json",
            "{\"format_version\":\"1.2\",\"terraform_version\":\"1.9.0\"}",
        );
        w("infra/package.json", "{\"name\": \"x\"}");
        w("node_modules/x/template.yaml", "x");
        let found: Vec<String> = templates_in(d.path())
            .unwrap()
            .iter()
            .map(|p| p.strip_prefix(d.path()).unwrap().display().to_string())
            .collect();
        assert_eq!(
            found,
            [
                "infra/plan.json",
                "svc-a/template.yaml",
                "svc-b/cdk.out/B.template.json",
                "svc-c/.serverless/cloudformation-template-update-stack.json"
            ]
        );
    }
}
