using HessianLab.Viewer.Server;

namespace HessianLab.Tests.Viewer;

public class ServedFolderTests
{
    [Theory]
    [InlineData("../secret.txt")]
    [InlineData("inputs/../../secret.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("inputs/..")]
    [InlineData("..\\secret.txt")]
    [InlineData(".hidden")]
    [InlineData("inputs//note.txt")]
    [InlineData("C:/Windows/win.ini")]
    [InlineData("")]
    [InlineData("link-out/secret.txt")]
    [InlineData("file-link")]
    public void Paths_leaving_the_folder_are_refused(string path)
    {
        // Given a folder with a sibling secret, a hidden file and symbolic links pointing outside it.
        var parent = Directory.CreateTempSubdirectory("hessianlab-rf-").FullName;
        try
        {
            string root = Path.Combine(parent, "run");
            Directory.CreateDirectory(Path.Combine(root, "inputs"));
            File.WriteAllText(Path.Combine(root, "inputs", "note.txt"), "inside");
            File.WriteAllText(Path.Combine(root, ".hidden"), "hidden");
            File.WriteAllText(Path.Combine(parent, "secret.txt"), "outside");
            Directory.CreateSymbolicLink(Path.Combine(root, "link-out"), parent);
            File.CreateSymbolicLink(Path.Combine(root, "file-link"), Path.Combine(parent, "secret.txt"));

            var folder = new ServedFolder(root);

            Assert.Null(folder.Resolve(path));
            Assert.Equal(Path.Combine(folder.Root, "inputs", "note.txt"), folder.Resolve("inputs/note.txt"));
        }
        finally { Directory.Delete(parent, true); }
    }
}
