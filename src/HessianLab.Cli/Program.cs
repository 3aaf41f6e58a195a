System.Console.WriteLine("hessianlab");
